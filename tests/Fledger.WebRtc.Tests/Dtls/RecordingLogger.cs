using System.Collections.Concurrent;
using Fledger.WebRtc.Dtls;
using Microsoft.Extensions.Logging;

namespace Fledger.WebRtc.Tests.Dtls;

/// <summary>Keeps every formatted log line of one <see cref="DtlsTransport"/> (all levels), bounded.</summary>
internal sealed class RecordingLogger : ILogger<DtlsTransport>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (Lines.Count < 200)
        {
            Lines.Enqueue(formatter(state, exception));
        }
    }
}
