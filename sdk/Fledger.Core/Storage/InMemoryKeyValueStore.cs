namespace Fledger.Core.Storage;

/// <summary>
/// An <see cref="IKeyValueStore"/> held in memory (tests, simulations, ephemeral nodes). Thread-safe; values are
/// copied in and out, so callers cannot change stored bytes.
/// </summary>
public sealed class InMemoryKeyValueStore : IKeyValueStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, byte[]>> _namespaces = new(StringComparer.Ordinal);

    /// <summary>Number of values stored over all namespaces.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _namespaces.Values.Sum(n => n.Count);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<byte[]?> GetAsync(string @namespace, string key, CancellationToken cancellationToken = default)
    {
        KeyValueNames.Validate(@namespace, key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var value = _namespaces.TryGetValue(@namespace, out var entries) && entries.TryGetValue(key, out var stored)
                ? (byte[])stored.Clone()
                : null;
            return ValueTask.FromResult(value);
        }
    }

    /// <inheritdoc />
    public ValueTask SetAsync(string @namespace, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        KeyValueNames.Validate(@namespace, key);
        KeyValueNames.ValidateValue(value.Length);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_namespaces.TryGetValue(@namespace, out var entries))
            {
                entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
                _namespaces.Add(@namespace, entries);
            }

            entries[key] = value.ToArray();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string @namespace, string key, CancellationToken cancellationToken = default)
    {
        KeyValueNames.Validate(@namespace, key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_namespaces.TryGetValue(@namespace, out var entries) && entries.Remove(key));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListKeysAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        KeyValueNames.ValidateNamespace(@namespace);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<string> keys = _namespaces.TryGetValue(@namespace, out var entries) ? [.. entries.Keys] : [];
            return ValueTask.FromResult(keys);
        }
    }
}
