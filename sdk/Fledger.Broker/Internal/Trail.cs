using System.Runtime.CompilerServices;

namespace Fledger.Broker.Internal;

/// <summary>
/// The brokers a message passed through over links, kept inline (no allocation per hop).
/// A message that would enter a broker already on its trail is a loop and is dropped.
/// </summary>
internal struct Trail
{
    public const int Capacity = 8;

    /// <summary>No broker yet; pass it by reference (<c>in Trail.Empty</c>) instead of a zeroed temporary.</summary>
    public static readonly Trail Empty = default;

    private TrailIds _ids;
    private byte _count;

    public readonly int Count => _count;

    public readonly bool Contains(int brokerId)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_ids[i] == brokerId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns this trail plus <paramref name="brokerId"/>, or false when the trail is full.</summary>
    public readonly bool TryAppend(int brokerId, out Trail next)
    {
        next = this;
        if (_count >= Capacity)
        {
            return false;
        }

        next._ids[_count] = brokerId;
        next._count = (byte)(_count + 1);
        return true;
    }

    [InlineArray(Capacity)]
    private struct TrailIds
    {
        private int _element;
    }
}
