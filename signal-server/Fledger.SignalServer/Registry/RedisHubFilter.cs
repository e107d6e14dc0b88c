using Fledger.Net.Signaling;
using Fledger.SignalServer.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Fledger.SignalServer.Registry;

/// <summary>
/// Turns Redis failures inside hub methods (registry or backplane down) into a typed
/// <c>Error(Unavailable, …)</c> to the caller, so that a relay sent while Redis is down is reported as failed rather
/// than lost. The error goes straight to the caller's local connection, which does not need Redis.
/// </summary>
public sealed partial class RedisHubFilter : IHubFilter
{
    private readonly SignalServerMetrics _metrics;
    private readonly ILogger<RedisHubFilter> _logger;

    /// <summary>Created by DI.</summary>
    public RedisHubFilter(SignalServerMetrics metrics, ILogger<RedisHubFilter> logger)
    {
        _metrics = metrics;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            _metrics.Rejected(SignalErrorCode.Unavailable);
            LogUnavailable(_logger, invocationContext.HubMethodName, invocationContext.Context.ConnectionId, ex.GetType().Name);
            await invocationContext.Hub.Clients.Caller.SendAsync(
                nameof(ISignalHubClient.Error),
                SignalErrorCode.Unavailable,
                $"{invocationContext.HubMethodName} failed: the shared registry is unavailable; retry later.",
                invocationContext.Context.ConnectionAborted);
            return null;
        }
    }

    /// <inheritdoc />
    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // The node's entry expires by its TTL.
            LogUnavailable(_logger, "OnDisconnected", context.Context.ConnectionId, ex.GetType().Name);
        }
    }

    /// <summary>Whether <paramref name="exception"/> reports that Redis is unreachable or failed (possibly wrapped).</summary>
    public static bool IsRedisFailure(Exception exception) => exception switch
    {
        RedisException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsRedisFailure),
        _ => false,
    };

    [LoggerMessage(EventId = 410, Level = LogLevel.Warning, Message = "{Method} on {ConnectionId} failed, Redis unavailable: {Error}")]
    private static partial void LogUnavailable(ILogger logger, string method, string connectionId, string error);
}
