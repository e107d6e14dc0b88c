using Fledger.Node;

namespace Fledger.Integration.Tests;

/// <summary>Wakes a waiting test whenever any of the nodes reports a change, so conditions are re-checked without polling.</summary>
internal sealed class NodeChangeSignal : IDisposable
{
    private readonly SemaphoreSlim _changed = new(0);
    private readonly List<FledgerNode> _nodes;

    public NodeChangeSignal(IEnumerable<FledgerNode> nodes)
    {
        _nodes = [.. nodes];
        foreach (var node in _nodes)
        {
            node.Changed += OnChanged;
        }
    }

    /// <summary>Returns once <paramref name="condition"/> holds; fails with <paramref name="failure"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            var remaining = deadline - DateTime.UtcNow;
            Assert.True(remaining > TimeSpan.Zero, failure);
            await _changed.WaitAsync(remaining);
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Changed -= OnChanged;
        }

        _changed.Dispose();
    }

    private void OnChanged(object? sender, NodeChangedEventArgs e) => _changed.Release();
}
