using Fledger.Net.Network;

namespace Fledger.Net.Framing;

/// <summary>
/// Turns the frames received from one peer back into <see cref="NodeMessage"/>s: single frames at once, chunks in
/// order per message id, with a size cap, a reassembly timeout and a cap on concurrent partial messages.
/// Not thread-safe: one assembler per connection, used by one handler.
/// </summary>
/// <remarks>
/// Memory held for a partial message grows with the bytes actually received (never with a declared length), so a
/// peer cannot make the assembler allocate more than it sent plus a factor of two.
/// </remarks>
public sealed class FrameAssembler
{
    private const int InitialBufferSize = 64 * 1024;

    private readonly Dictionary<uint, Partial> _partials = [];
    private readonly FrameAssemblerOptions _options;
    private readonly TimeProvider _time;
    private readonly ReassemblyBudget? _budget;

    /// <summary>Creates an assembler; partial messages also draw on <paramref name="budget"/> when given.</summary>
    public FrameAssembler(FrameAssemblerOptions? options = null, TimeProvider? time = null, ReassemblyBudget? budget = null)
    {
        _options = options ?? FrameAssemblerOptions.Default;
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _budget = budget;
    }

    /// <summary>Messages being reassembled.</summary>
    public int PartialCount => _partials.Count;

    /// <summary>Partial messages dropped because they timed out.</summary>
    public long ExpiredCount { get; private set; }

    /// <summary>
    /// Accepts one frame. Returns <see cref="FrameError.None"/> and a message when one is complete,
    /// <see cref="FrameError.None"/> and null when a chunk was stored, or an error (the frame is dropped; a partial
    /// message it broke is dropped too).
    /// </summary>
    public FrameError Accept(ReadOnlyMemory<byte> data, out NodeMessage? message)
    {
        message = null;
        PurgeExpired();
        var error = FrameCodec.TryParse(data, out var frame);
        if (error != FrameError.None)
        {
            return error;
        }

        if (frame.Kind == FrameKind.Single)
        {
            if (data.Length - FrameCodec.SingleHeaderLength > _options.MaxMessageSize)
            {
                return FrameError.TooLarge;
            }

            message = new NodeMessage(frame.Module, frame.Payload);
            return FrameError.None;
        }

        return AcceptChunk(frame, out message);
    }

    /// <summary>Drops partial messages older than the reassembly timeout; returns how many.</summary>
    public int PurgeExpired()
    {
        if (_partials.Count == 0)
        {
            return 0;
        }

        List<uint>? expired = null;
        foreach (var (id, partial) in _partials)
        {
            if (_time.GetElapsedTime(partial.Started) > _options.ReassemblyTimeout)
            {
                (expired ??= []).Add(id);
            }
        }

        if (expired is null)
        {
            return 0;
        }

        foreach (var id in expired)
        {
            Drop(id);
        }

        ExpiredCount += expired.Count;
        return expired.Count;
    }

    /// <summary>Drops every partial message (and gives their bytes back to the budget).</summary>
    public void Clear()
    {
        foreach (var id in _partials.Keys.ToArray())
        {
            Drop(id);
        }
    }

    private FrameError AcceptChunk(in Frame frame, out NodeMessage? message)
    {
        message = null;
        if (frame.TotalLength > _options.MaxMessageSize)
        {
            Drop(frame.MessageId);
            return FrameError.TooLarge;
        }

        Partial? partial;
        if (frame.Index == 0)
        {
            if (Drop(frame.MessageId))
            {
                return FrameError.DuplicateMessage;
            }

            if (_partials.Count >= _options.MaxPartialMessages)
            {
                return FrameError.TooManyPartials;
            }

            var initialSize = Math.Min(frame.TotalLength, InitialBufferSize);
            if (_budget is not null && !_budget.TryReserve(initialSize))
            {
                return FrameError.BudgetExceeded;
            }

            partial = new Partial(frame.Count, frame.TotalLength, _time.GetTimestamp(), initialSize);
            _partials.Add(frame.MessageId, partial);
        }
        else if (!_partials.TryGetValue(frame.MessageId, out partial))
        {
            return FrameError.UnknownMessage;
        }
        else if (frame.Count != partial.Count || frame.TotalLength != partial.Total || frame.Index != partial.NextIndex)
        {
            Drop(frame.MessageId);
            return FrameError.ChunkMismatch;
        }

        if (frame.Data.Length > partial.Total - partial.Received)
        {
            Drop(frame.MessageId);
            return FrameError.LengthMismatch;
        }

        var growth = partial.GrowthFor(frame.Data.Length);
        if (growth > 0 && _budget is not null && !_budget.TryReserve(growth))
        {
            Drop(frame.MessageId);
            return FrameError.BudgetExceeded;
        }

        partial.Append(frame.Data.Span);
        if (partial.NextIndex < partial.Count)
        {
            return FrameError.None;
        }

        Drop(frame.MessageId);
        if (partial.Received != partial.Total)
        {
            return FrameError.LengthMismatch;
        }

        var error = FrameCodec.TryParseBody(partial.Body, out var module, out var payload);
        if (error == FrameError.None)
        {
            message = new NodeMessage(module, payload);
        }

        return error;
    }

    /// <summary>Forgets a partial message and gives its bytes back to the budget; false when there was none.</summary>
    private bool Drop(uint id)
    {
        if (!_partials.Remove(id, out var partial))
        {
            return false;
        }

        _budget?.Release(partial.Capacity);
        return true;
    }

    private sealed class Partial(int count, int total, long started, int initialSize)
    {
        private byte[] _buffer = new byte[initialSize];

        public int Count { get; } = count;

        public int Total { get; } = total;

        public long Started { get; } = started;

        public int Received { get; private set; }

        public int NextIndex { get; private set; }

        public ReadOnlyMemory<byte> Body => _buffer.AsMemory(0, Received);

        public int Capacity => _buffer.Length;

        /// <summary>How many bytes the buffer grows by to take <paramref name="length"/> more.</summary>
        public int GrowthFor(int length) => NewSize(Received + length) - _buffer.Length;

        public void Append(ReadOnlySpan<byte> data)
        {
            var needed = Received + data.Length;
            if (needed > _buffer.Length)
            {
                Array.Resize(ref _buffer, NewSize(needed));
            }

            data.CopyTo(_buffer.AsSpan(Received));
            Received = needed;
            NextIndex++;
        }

        private int NewSize(int needed)
            => needed <= _buffer.Length ? _buffer.Length : (int)Math.Min(Math.Max((long)_buffer.Length * 2, needed), Total);
    }
}
