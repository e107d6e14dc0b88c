using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Fledger.SignalServer.Registry;

/// <summary>
/// The registry's lazily opened Redis connection. <see cref="ConfigurationOptions.AbortOnConnectFail"/> is off, so the
/// server starts while Redis is down and StackExchange.Redis reconnects by itself; commands fail fast while it is
/// disconnected (<see cref="BacklogPolicy.FailFast"/>) so that callers report the failure instead of waiting.
/// The registry and SignalR's backplane share this one multiplexer.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _multiplexer;

    /// <summary>Created by DI from <see cref="SignalServerOptions.Redis"/>.</summary>
    public RedisConnection(IOptions<SignalServerOptions> options)
    {
        var configuration = CreateConfiguration(
            options.Value.Redis ?? throw new InvalidOperationException("SignalServer:Redis is not set."),
            options.Value.RedisPrefix);
        _multiplexer = new(() => ConnectionMultiplexer.ConnectAsync(configuration));
    }

    /// <summary>Whether the connection is up now (false before the first use).</summary>
    public bool IsConnected => _multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully && _multiplexer.Value.Result.IsConnected;

    /// <summary>
    /// Parses a connection string with the settings the server relies on (no abort on connect failure, fail fast while
    /// down, pub/sub channels under <paramref name="prefix"/>).
    /// </summary>
    public static ConfigurationOptions CreateConfiguration(string connectionString, string prefix)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.ChannelPrefix = RedisChannel.Literal(prefix + ":");
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        return configuration;
    }

    /// <summary>The multiplexer, connecting on first use. Shared with SignalR's Redis backplane.</summary>
    public Task<ConnectionMultiplexer> GetMultiplexerAsync() => _multiplexer.Value;

    /// <summary>The database, connecting on first use.</summary>
    public async ValueTask<IDatabase> GetDatabaseAsync()
        => (await _multiplexer.Value.ConfigureAwait(false)).GetDatabase();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated)
        {
            var multiplexer = await _multiplexer.Value.ConfigureAwait(false);
            await multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
