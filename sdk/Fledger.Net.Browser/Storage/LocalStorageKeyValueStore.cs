using Fledger.Core.Storage;
using Microsoft.JSInterop;

namespace Fledger.Net.Browser.Storage;

/// <summary>
/// An <see cref="IKeyValueStore"/> in the page's <c>localStorage</c>: the value of <c>namespace/key</c> is kept
/// base64-encoded under <c>{prefix}{namespace}/{key}</c>. Every call is one JS interop call, asynchronous and
/// thread-free, so it runs in Blazor WebAssembly. Open it with <see cref="BrowserStorage.OpenStore"/>.
/// </summary>
/// <remarks>
/// localStorage holds about 5 MB per origin (UTF-16); a write the browser refuses throws <see cref="IOException"/>,
/// as a full disk does for the native file store.
/// </remarks>
public sealed class LocalStorageKeyValueStore : IKeyValueStore
{
    /// <summary>Longest key prefix accepted.</summary>
    public const int MaxPrefixLength = 64;

    private readonly BrowserStorage _storage;

    internal LocalStorageKeyValueStore(BrowserStorage storage, string prefix)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (prefix.Length > MaxPrefixLength)
        {
            throw new ArgumentException($"The prefix is at most {MaxPrefixLength} characters.", nameof(prefix));
        }

        _storage = storage;
        Prefix = prefix;
    }

    /// <summary>The prefix of every localStorage key of this store.</summary>
    public string Prefix { get; }

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(string @namespace, string key, CancellationToken cancellationToken = default)
    {
        KeyValueNames.Validate(@namespace, key);
        var module = await _storage.ModuleAsync(cancellationToken);
        var text = await module.InvokeAsync<string?>("get", cancellationToken, StorageKey(@namespace, key));
        if (text is null)
        {
            return null;
        }

        // Another script may have written anything there: a value that is not base64 counts as missing.
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(string @namespace, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        KeyValueNames.Validate(@namespace, key);
        KeyValueNames.ValidateValue(value.Length);
        var module = await _storage.ModuleAsync(cancellationToken);
        var stored = await module.InvokeAsync<bool>("set", cancellationToken, StorageKey(@namespace, key), Convert.ToBase64String(value.Span));
        if (!stored)
        {
            throw new IOException($"The browser refused to store {value.Length} bytes under {@namespace}/{key} (localStorage is full or disabled).");
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string @namespace, string key, CancellationToken cancellationToken = default)
    {
        KeyValueNames.Validate(@namespace, key);
        var module = await _storage.ModuleAsync(cancellationToken);
        return await module.InvokeAsync<bool>("remove", cancellationToken, StorageKey(@namespace, key));
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> ListKeysAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        KeyValueNames.ValidateNamespace(@namespace);
        var module = await _storage.ModuleAsync(cancellationToken);
        var keys = await module.InvokeAsync<string[]>("listKeys", cancellationToken, $"{Prefix}{@namespace}/");
        return [.. keys.Where(KeyValueNames.IsValidKey).Order(StringComparer.Ordinal)];
    }

    private string StorageKey(string @namespace, string key) => $"{Prefix}{@namespace}/{key}";
}
