using Fledger.SignalServer;
using Fledger.SignalServer.Hosting;
using Fledger.SignalServer.Registry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Scale-out of the signaling server over Redis.</summary>
public static class RedisScaleOutBuilderExtensions
{
    /// <summary>
    /// Shares the node registry in Redis (<see cref="RedisNodeRegistry"/>) and routes hub messages between instances
    /// through SignalR's Redis backplane, both on <see cref="SignalServerOptions.Redis"/> with keys and channels under
    /// <see cref="SignalServerOptions.RedisPrefix"/>. Redis failures in hub methods become <c>Error(Unavailable)</c>.
    /// </summary>
    /// <param name="builder">From <c>AddFledgerSignalServer</c>.</param>
    /// <param name="connectionString">Overrides <see cref="SignalServerOptions.Redis"/> when given.</param>
    public static IFledgerSignalServerBuilder AddRedisScaleOut(this IFledgerSignalServerBuilder builder, string? connectionString = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (connectionString is not null)
        {
            services.Configure<SignalServerOptions>(o => o.Redis = connectionString);
        }

        if (services.Any(d => d.ServiceType == typeof(RedisConnection)))
        {
            return builder;
        }

        services.TryAddSingleton<RedisConnection>();
        services.Replace(ServiceDescriptor.Singleton<INodeRegistry, RedisNodeRegistry>());
        services.AddSignalR(o => o.AddFilter<RedisHubFilter>()).AddStackExchangeRedis();
        services.TryAddSingleton<RedisHubFilter>();
        services.AddOptions<RedisOptions>().Configure<IOptions<SignalServerOptions>, RedisConnection>((redis, server, connection) =>
        {
            redis.Configuration.ChannelPrefix = RedisChannel.Literal(server.Value.RedisPrefix + ":");
            redis.ConnectionFactory = async _ => await connection.GetMultiplexerAsync();
        });
        return builder;
    }
}
