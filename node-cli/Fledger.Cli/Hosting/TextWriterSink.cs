using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Fledger.Cli.Hosting;

/// <summary>A Serilog sink writing formatted lines to a <see cref="TextWriter"/> (stderr when redirected, or a test's writer).</summary>
internal sealed class TextWriterSink : ILogEventSink
{
    private readonly TextWriter _writer;
    private readonly ITextFormatter _formatter;
    private readonly Lock _gate = new();

    public TextWriterSink(TextWriter writer, ITextFormatter formatter)
    {
        _writer = writer;
        _formatter = formatter;
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            _formatter.Format(logEvent, _writer);
            _writer.Flush();
        }
    }
}
