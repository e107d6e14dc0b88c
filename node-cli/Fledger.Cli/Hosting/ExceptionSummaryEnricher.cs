using Serilog.Core;
using Serilog.Events;

namespace Fledger.Cli.Hosting;

/// <summary>Adds <c>ExceptionSummary</c> (" (Type: message)") so normal log lines name an exception without a stack trace.</summary>
internal sealed class ExceptionSummaryEnricher : ILogEventEnricher
{
    public const string PropertyName = "ExceptionSummary";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Exception is { } exception)
        {
            var summary = $" ({exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")})";
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(PropertyName, summary));
        }
    }
}
