namespace Fledger.Net.Framing;

/// <summary>Why a frame was refused. <see cref="None"/> means it was accepted.</summary>
public enum FrameError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The frame is empty.</summary>
    Empty,

    /// <summary>The version byte is not one this codec speaks.</summary>
    UnsupportedVersion,

    /// <summary>The kind byte is unknown.</summary>
    UnknownKind,

    /// <summary>The frame ends inside a header.</summary>
    Truncated,

    /// <summary>The module name is empty, too long, or not printable ASCII.</summary>
    BadModuleName,

    /// <summary>The chunk count is zero or above the cap, or the index is not below the count.</summary>
    BadChunkHeader,

    /// <summary>A chunk carries no data.</summary>
    EmptyChunk,

    /// <summary>The declared or received size is above the reassembly size cap.</summary>
    TooLarge,

    /// <summary>A chunk of a message that is not being reassembled (its first chunk was lost, refused or expired).</summary>
    UnknownMessage,

    /// <summary>A chunk arrived out of order, or its header disagrees with the first chunk of its message.</summary>
    ChunkMismatch,

    /// <summary>A first chunk for a message id that is already being reassembled.</summary>
    DuplicateMessage,

    /// <summary>Too many messages are being reassembled at once.</summary>
    TooManyPartials,

    /// <summary>The reassembled bytes do not match the declared total length.</summary>
    LengthMismatch,

    /// <summary>The node-wide reassembly budget (<see cref="ReassemblyBudget"/>) is used up.</summary>
    BudgetExceeded,
}
