using System.Text;

namespace Fledger.Core.Storage;

/// <summary>String helpers over <see cref="IKeyValueStore"/> (values stored as UTF-8).</summary>
public static class KeyValueStoreExtensions
{
    /// <summary>Returns the UTF-8 string stored under <paramref name="key"/>, or null.</summary>
    public static async ValueTask<string?> GetStringAsync(this IKeyValueStore store, string @namespace, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var bytes = await store.GetAsync(@namespace, key, cancellationToken);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Stores <paramref name="value"/> as UTF-8 under <paramref name="key"/>.</summary>
    public static ValueTask SetStringAsync(this IKeyValueStore store, string @namespace, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(value);
        return store.SetAsync(@namespace, key, Encoding.UTF8.GetBytes(value), cancellationToken);
    }
}
