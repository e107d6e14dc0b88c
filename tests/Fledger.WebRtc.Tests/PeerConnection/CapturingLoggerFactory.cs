using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fledger.WebRtc.Tests.PeerConnection;

/// <summary>Keeps warnings and errors of the stack in memory so a failing test can show them.</summary>
internal sealed class CapturingLoggerFactory(string name) : ILoggerFactory
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && owner.Entries.Count < 100)
            {
                owner.Entries.Enqueue($"{owner.Name()} {category.Split('.')[^1]}: {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}");
            }
        }
    }

    private string Name() => name;
}
