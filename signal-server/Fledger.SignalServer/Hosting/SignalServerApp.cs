using Fledger.SignalServer.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Serilog;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Compact;

namespace Fledger.SignalServer.Hosting;

/// <summary>
/// Builds the signaling server application: Serilog structured console logs, the hub at <c>/signal</c>,
/// <c>/healthz</c>, Prometheus <c>/metrics</c>, the
/// web node at <c>/</c> when one is published (<see cref="SignalServerOptions.WebNodePath"/>) and Redis scale-out
/// when <see cref="SignalServerOptions.Redis"/> is set. Configuration comes from appsettings.json, environment
/// variables and the command line (<c>--urls</c>, <c>--SignalServer:MaxConnections=…</c>).
/// </summary>
public static class SignalServerApp
{
    /// <summary>Creates the application; <paramref name="configure"/> can change services before it is built (tests).</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Serilog as a provider of the framework's LoggerFactory (not Serilog's own factory): the framework caches one
        // logger per category, while SerilogLoggerFactory builds a new logger (with its own caches) on every
        // CreateLogger call, and SignalR asks for loggers per connection (~1.9 KiB per connection held).
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(
            new LoggerConfiguration()
                .ReadFrom.Configuration(builder.Configuration)
                .Enrich.FromLogContext()
                .WriteTo.Console(new RenderedCompactJsonFormatter())
                .CreateLogger(),
            dispose: true);

        // Request start/stop logs are off anyway; with this category disabled hosting also stops creating an
        // Activity and a log scope per request, which a WebSocket request holds for its whole life.
        // (A rule for the provider type: AddSerilog adds one, and provider rules take precedence over generic ones.)
        builder.Logging.AddFilter<SerilogLoggerProvider>("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        var server = builder.Services.AddFledgerSignalServer();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{SignalServerOptions.SectionName}:{nameof(SignalServerOptions.Redis)}"]))
        {
            server.AddRedisScaleOut();
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("fledger-signal-server"))
            .WithMetrics(metrics => metrics
            .AddMeter(SignalServerMetrics.MeterName, "System.Runtime")
            .AddPrometheusExporter());
        builder.Services.AddHealthChecks();
        configure?.Invoke(builder);

        var app = builder.Build();

        // Create the metrics now so that /metrics shows the gauges before the first connection.
        app.Services.GetRequiredService<SignalServerMetrics>();
        app.UseWebSockets();
        app.MapFledgerSignalServer();
        app.MapHealthChecks("/healthz");
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapFledgerWebNode();
        return app;
    }
}
