namespace Fledger.Core.Storage;

/// <summary>Limits and validation of the names and values an <see cref="IKeyValueStore"/> accepts.</summary>
public static class KeyValueNames
{
    /// <summary>Maximum length of a namespace.</summary>
    public const int MaxNamespaceLength = 32;

    /// <summary>Maximum length of a key.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>Maximum size of one value (1 MiB): the store is for small values.</summary>
    public const int MaxValueBytes = 1024 * 1024;

    /// <summary>True when <paramref name="name"/> is a valid namespace: <c>[a-z0-9._-]{1,32}</c>.</summary>
    public static bool IsValidNamespace(string? name)
        => name is { Length: > 0 and <= MaxNamespaceLength } && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-');

    /// <summary>True when <paramref name="key"/> is a valid key: <c>[A-Za-z0-9._-]{1,128}</c>.</summary>
    public static bool IsValidKey(string? key)
        => key is { Length: > 0 and <= MaxKeyLength } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Throws <see cref="ArgumentException"/> for an invalid namespace or key (a caller bug).</summary>
    public static void Validate(string @namespace, string key)
    {
        ValidateNamespace(@namespace);
        if (!IsValidKey(key))
        {
            throw new ArgumentException($"Invalid key (expected [A-Za-z0-9._-]{{1,{MaxKeyLength}}}).", nameof(key));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> for an invalid namespace (a caller bug).</summary>
    public static void ValidateNamespace(string @namespace)
    {
        if (!IsValidNamespace(@namespace))
        {
            throw new ArgumentException($"Invalid namespace (expected [a-z0-9._-]{{1,{MaxNamespaceLength}}}).", nameof(@namespace));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="length"/> exceeds <see cref="MaxValueBytes"/>.</summary>
    public static void ValidateValue(int length)
    {
        if (length > MaxValueBytes)
        {
            throw new ArgumentException($"A value is at most {MaxValueBytes} bytes, got {length}.", "value");
        }
    }
}
