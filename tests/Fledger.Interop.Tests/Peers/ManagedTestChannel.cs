using Fledger.Browser.Tests.Infrastructure;
using Fledger.WebRtc.DataChannels;

namespace Fledger.Interop.Tests.Peers;

/// <summary>A managed <see cref="RtcDataChannel"/> recording what it receives, summarised like harness.js does.</summary>
public sealed class ManagedTestChannel : ITestChannel
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz";
    private readonly RtcDataChannel _channel;
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TestMessage> _messages = [];
    private readonly List<(int Count, TaskCompletionSource<IReadOnlyList<TestMessage>> Done)> _waiters = [];

    /// <summary>Wraps <paramref name="channel"/>; subscribe before the first message can arrive.</summary>
    public ManagedTestChannel(RtcDataChannel channel)
    {
        _channel = channel;
        channel.Opened += _ => _open.TrySetResult();
        channel.Closed += _ => _closed.TrySetResult();
        channel.MessageReceived += (_, message) => OnMessage(message);
        if (channel.ReadyState == RtcDataChannelState.Open)
        {
            _open.TrySetResult();
        }
        else if (channel.ReadyState == RtcDataChannelState.Closed)
        {
            _closed.TrySetResult();
        }
    }

    /// <summary>The wrapped channel.</summary>
    public RtcDataChannel Channel => _channel;

    /// <inheritdoc />
    public string Label => _channel.Label;

    /// <inheritdoc />
    public int? Id => _channel.Id;

    /// <inheritdoc />
    public Task WaitOpenAsync() => _open.Task.WaitAsync(WebRtcPagePair.StepTimeout);

    /// <inheritdoc />
    public async Task SendPatternAsync(bool text, int size, int seed)
    {
        if (text)
        {
            _channel.Send(string.Create(size, seed, (span, s) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = Alphabet[(i + s) % 26];
                }
            }));
            return;
        }

        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)((i * 7) + seed);
        }
        await _channel.SendAsync(bytes).WaitAsync(WebRtcPagePair.StepTimeout);
    }

    /// <inheritdoc />
    public Task SendTextsAsync(int count, string prefix)
    {
        for (var i = 0; i < count; i++)
        {
            _channel.Send(prefix + i);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TestMessage>> WaitMessagesAsync(int count)
    {
        lock (_messages)
        {
            if (_messages.Count >= count)
            {
                return Task.FromResult<IReadOnlyList<TestMessage>>(_messages.Take(count).ToArray());
            }
            var done = new TaskCompletionSource<IReadOnlyList<TestMessage>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task.WaitAsync(WebRtcPagePair.StepTimeout);
        }
    }

    /// <inheritdoc />
    public Task ClearMessagesAsync()
    {
        lock (_messages)
        {
            _messages.Clear();
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CloseAsync()
    {
        _channel.Close();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WaitClosedAsync() => _closed.Task.WaitAsync(WebRtcPagePair.StepTimeout);

    private void OnMessage(DataChannelMessage message)
    {
        TestMessage summary;
        if (message.IsText)
        {
            var text = message.Text;
            summary = new TestMessage("text", text.Length, Fnv1a(text.Length, i => text[i]), text.Length <= 64 ? text : null);
        }
        else
        {
            var data = message.Data.ToArray();
            summary = new TestMessage("binary", data.Length, Fnv1a(data.Length, i => data[i]), null);
        }

        lock (_messages)
        {
            _messages.Add(summary);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_messages.Count >= _waiters[i].Count)
                {
                    _waiters[i].Done.TrySetResult(_messages.Take(_waiters[i].Count).ToArray());
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private static uint Fnv1a(int length, Func<int, int> at)
    {
        var hash = 0x811c9dc5u;
        for (var i = 0; i < length; i++)
        {
            hash ^= (uint)at(i);
            hash *= 0x01000193u;
        }
        return hash;
    }
}
