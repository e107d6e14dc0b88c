namespace Fledger.Broker.Internal;

/// <summary>
/// The outputs a handler emitted during the synchronous part of its call. A list without the covariant array-store
/// check and the bulk clear of <see cref="List{T}"/>: one or two outputs per message are the common case.
/// </summary>
/// <typeparam name="T">The output message type.</typeparam>
internal sealed class OutputBuffer<T>
    where T : class
{
    private Slot[] _slots = new Slot[4];

    public int Count { get; private set; }

    public T this[int index] => _slots[index].Item!;

    public void Add(T item)
    {
        if (Count == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        _slots[Count++].Item = item;
    }

    public void Clear()
    {
        for (var i = 0; i < Count; i++)
        {
            _slots[i].Item = null;
        }

        Count = 0;
    }

    private struct Slot
    {
        public T? Item;
    }
}
