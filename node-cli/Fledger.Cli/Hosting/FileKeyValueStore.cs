using System.Text.RegularExpressions;

namespace Fledger.Cli.Hosting;

/// <summary>
/// A key-value store in a directory: one file per value at <c>root/namespace/key</c>, written atomically
/// (temp file + rename) and readable only by the user. Same names and layout as the SDK's <c>IKeyValueStore</c>
/// (namespace <c>[a-z0-9._-]{1,32}</c>, key <c>[A-Za-z0-9._-]{1,128}</c>), so a node's files stay valid when the
/// CLI moves to the SDK store.
/// </summary>
internal sealed partial class FileKeyValueStore
{
    /// <summary>Largest value stored (1 MiB).</summary>
    public const int MaxValueBytes = 1024 * 1024;

    private readonly string _root;

    public FileKeyValueStore(string root)
    {
        _root = Path.GetFullPath(root);
    }

    /// <summary>The directory holding the values.</summary>
    public string Root => _root;

    /// <summary>Returns the value, or null when there is none (or it is larger than <see cref="MaxValueBytes"/>).</summary>
    public async ValueTask<byte[]?> GetAsync(string @namespace, string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(@namespace, key);
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > MaxValueBytes)
        {
            return null;
        }

        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    /// <summary>Stores (or replaces) a value.</summary>
    public async ValueTask SetAsync(string @namespace, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        if (value.Length > MaxValueBytes)
        {
            throw new ArgumentException($"A value is at most {MaxValueBytes} bytes.", nameof(value));
        }

        var path = PathOf(@namespace, key);
        var directory = Path.GetDirectoryName(path)!;
        CreatePrivateDirectory(_root);
        CreatePrivateDirectory(directory);
        var temp = Path.Combine(directory, $".{key}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temp, options))
        {
            await stream.WriteAsync(value, cancellationToken);
        }

        File.Move(temp, path, overwrite: true);
    }

    private string PathOf(string @namespace, string key)
    {
        if (!NamespacePattern().IsMatch(@namespace) || @namespace is "." or "..")
        {
            throw new ArgumentException($"Invalid store namespace '{@namespace}'.", nameof(@namespace));
        }

        if (!KeyPattern().IsMatch(key) || key is "." or "..")
        {
            throw new ArgumentException($"Invalid store key '{key}'.", nameof(key));
        }

        return Path.Combine(_root, @namespace, key);
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [GeneratedRegex("^[a-z0-9._-]{1,32}$")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex KeyPattern();
}
