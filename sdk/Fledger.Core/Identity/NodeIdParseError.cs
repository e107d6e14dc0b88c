namespace Fledger.Core.Identity;

/// <summary>Why a text could not be parsed as a <see cref="NodeId"/>.</summary>
public enum NodeIdParseError
{
    /// <summary>Parsed successfully.</summary>
    None = 0,

    /// <summary>The text was null or empty.</summary>
    Empty,

    /// <summary>The text was not exactly 64 characters.</summary>
    WrongLength,

    /// <summary>The text contained a non-hex character.</summary>
    InvalidCharacter,
}
