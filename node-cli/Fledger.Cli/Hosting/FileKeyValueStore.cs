using Fledger.Core.Storage;

namespace Fledger.Cli.Hosting;

/// <summary>
/// An <see cref="IKeyValueStore"/> in a directory: one file per value at <c>root/namespace/key</c> (names checked by
/// <see cref="KeyValueNames"/>, so they are safe file names), written atomically (temp file + rename) and readable
/// only by the user.
/// </summary>
internal sealed class FileKeyValueStore : IKeyValueStore
{
    private readonly string _root;

    public FileKeyValueStore(string root)
    {
        _root = Path.GetFullPath(root);
    }

    /// <summary>The directory holding the values.</summary>
    public string Root => _root;

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(string @namespace, string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(@namespace, key);
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > KeyValueNames.MaxValueBytes)
        {
            return null;
        }

        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(string @namespace, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        KeyValueNames.ValidateValue(value.Length);
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

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string @namespace, string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(@namespace, key);
        cancellationToken.ThrowIfCancellationRequested();
        if (!File.Exists(path))
        {
            return ValueTask.FromResult(false);
        }

        File.Delete(path);
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListKeysAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        KeyValueNames.ValidateNamespace(@namespace);
        cancellationToken.ThrowIfCancellationRequested();
        var directory = Path.Combine(_root, @namespace);
        IReadOnlyList<string> keys = Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>().Where(KeyValueNames.IsValidKey).Where(k => !k.StartsWith('.')).Order(StringComparer.Ordinal)]
            : [];
        return ValueTask.FromResult(keys);
    }

    private string PathOf(string @namespace, string key)
    {
        KeyValueNames.Validate(@namespace, key);
        if (@namespace is "." or ".." || key is "." or "..")
        {
            throw new ArgumentException("'.' and '..' are not store names.", nameof(key));
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
}
