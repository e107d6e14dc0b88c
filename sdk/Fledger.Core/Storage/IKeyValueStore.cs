namespace Fledger.Core.Storage;

/// <summary>
/// A small asynchronous key-value store for node state (identity, configuration, gossip events), split into
/// namespaces. Implementations: <see cref="InMemoryKeyValueStore"/>, file-backed (native) and localStorage
/// (browser). Every call is asynchronous and none needs a thread, so it works in Blazor WebAssembly.
/// </summary>
/// <remarks>
/// Names are validated by <see cref="KeyValueNames"/>: a namespace matches <c>[a-z0-9._-]{1,32}</c>, a key
/// <c>[A-Za-z0-9._-]{1,128}</c>; a value is at most <see cref="KeyValueNames.MaxValueBytes"/> bytes.
/// Invalid names or oversized values are caller bugs and throw <see cref="ArgumentException"/>.
/// </remarks>
public interface IKeyValueStore
{
    /// <summary>Returns the value stored under <paramref name="key"/>, or null when there is none.</summary>
    ValueTask<byte[]?> GetAsync(string @namespace, string key, CancellationToken cancellationToken = default);

    /// <summary>Stores (or replaces) <paramref name="value"/> under <paramref name="key"/>.</summary>
    ValueTask SetAsync(string @namespace, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Deletes the value under <paramref name="key"/>; returns false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string @namespace, string key, CancellationToken cancellationToken = default);

    /// <summary>Lists the keys of <paramref name="namespace"/> (in ordinal order).</summary>
    ValueTask<IReadOnlyList<string>> ListKeysAsync(string @namespace, CancellationToken cancellationToken = default);
}
