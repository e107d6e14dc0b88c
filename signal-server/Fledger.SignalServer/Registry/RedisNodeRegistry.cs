using Fledger.Core.Identity;
using Fledger.SignalServer.Connections;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Fledger.SignalServer.Registry;

/// <summary>
/// A registry shared by several server instances through Redis. Each node is a hash <c>{prefix}:node:{id}</c>
/// (<c>info</c>, <c>conn</c>, <c>seen</c>) whose key expires after <see cref="SignalServerOptions.NodeTtl"/> unless the
/// owning instance's maintenance heartbeat refreshes it; the set <c>{prefix}:nodes</c> holds the ids for random
/// samples (<c>SRANDMEMBER</c>). Members whose hash expired are removed lazily by samples and by
/// <see cref="RemoveExpiredAsync"/>. Updates that must check the owning connection run as Lua scripts (atomic).
/// Reads and writes throw <see cref="RedisException"/> while Redis is down; the heartbeat methods log and skip instead.
/// </summary>
public sealed partial class RedisNodeRegistry : INodeRegistry
{
    private const string RegisterScript = """
        local old = redis.call('HMGET', KEYS[1], 'info', 'conn', 'seen')
        redis.call('HSET', KEYS[1], 'info', ARGV[1], 'conn', ARGV[2], 'seen', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('SADD', KEYS[2], ARGV[5])
        return old
        """;

    private const string RemoveScript = """
        if redis.call('HGET', KEYS[1], 'conn') == ARGV[1] then
          redis.call('DEL', KEYS[1])
          redis.call('SREM', KEYS[2], ARGV[2])
          return 1
        end
        return 0
        """;

    // Refreshes the entry this connection owns, or re-creates it when it is gone (Redis restarted or flushed).
    private const string RefreshScript = """
        local conn = redis.call('HGET', KEYS[1], 'conn')
        if conn == ARGV[1] or not conn then
          redis.call('HSET', KEYS[1], 'info', ARGV[5], 'conn', ARGV[1], 'seen', ARGV[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          redis.call('SADD', KEYS[2], ARGV[4])
          return 1
        end
        return 0
        """;

    private const string RemoveIfGoneScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          return redis.call('SREM', KEYS[2], ARGV[1])
        end
        return 0
        """;

    private static readonly RedisValue[] _fields = ["info", "conn", "seen"];

    private readonly RedisConnection _connection;
    private readonly ConnectionTracker _connections;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisNodeRegistry> _logger;
    private readonly string _prefix;
    private readonly RedisKey _setKey;
    private readonly long _ttlMilliseconds;

    /// <summary>Created by DI when <see cref="SignalServerOptions.Redis"/> is set.</summary>
    public RedisNodeRegistry(RedisConnection connection, ConnectionTracker connections, IOptions<SignalServerOptions> options, TimeProvider time, ILogger<RedisNodeRegistry> logger)
    {
        _connection = connection;
        _connections = connections;
        _time = time;
        _logger = logger;
        _prefix = options.Value.RedisPrefix;
        _setKey = $"{_prefix}:nodes";
        _ttlMilliseconds = (long)options.Value.NodeTtl.TotalMilliseconds;
    }

    /// <inheritdoc />
    public async ValueTask<NodeRegistration?> RegisterAsync(NodeRegistration registration, CancellationToken cancellationToken = default)
    {
        var db = await _connection.GetDatabaseAsync();
        var id = registration.Id.ToString();
        var old = (RedisResult[]?)await db.ScriptEvaluateAsync(
            RegisterScript,
            [NodeKey(id), _setKey],
            [registration.Info.Encode(), registration.ConnectionId, registration.LastSeen.ToUnixTimeMilliseconds(), _ttlMilliseconds, id]);
        if (old is null || ToRegistration((RedisValue)old[0], (RedisValue)old[1], (RedisValue)old[2]) is not { } previous)
        {
            return null;
        }

        return previous.ConnectionId == registration.ConnectionId ? null : previous;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveAsync(NodeId id, string connectionId, CancellationToken cancellationToken = default)
    {
        var db = await _connection.GetDatabaseAsync();
        var text = id.ToString();
        var removed = await db.ScriptEvaluateAsync(RemoveScript, [NodeKey(text), _setKey], [connectionId, text]);
        return (int)removed == 1;
    }

    /// <inheritdoc />
    public async ValueTask<NodeRegistration?> FindAsync(NodeId id, CancellationToken cancellationToken = default)
    {
        var db = await _connection.GetDatabaseAsync();
        var values = await db.HashGetAsync(NodeKey(id.ToString()), _fields);
        return ToRegistration(values[0], values[1], values[2]);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<NodeRegistration>> SampleAsync(int max, NodeId? exclude, CancellationToken cancellationToken = default)
    {
        if (max <= 0)
        {
            return [];
        }

        var db = await _connection.GetDatabaseAsync();

        // A positive count gives distinct members; one extra covers the excluded node, the rest stale members.
        var ids = await db.SetRandomMembersAsync(_setKey, Math.Min((2L * max) + 1, int.MaxValue));
        var excluded = exclude?.ToString();
        var lookups = new List<(RedisValue Id, Task<RedisValue[]> Values)>(ids.Length);
        var batch = db.CreateBatch();
        foreach (var member in ids)
        {
            if ((string?)member != excluded)
            {
                lookups.Add((member, batch.HashGetAsync(NodeKey((string)member!), _fields)));
            }
        }

        batch.Execute();
        var result = new List<NodeRegistration>(Math.Min(max, lookups.Count));
        var stale = new List<RedisValue>();
        foreach (var (member, task) in lookups)
        {
            var values = await task;
            if (ToRegistration(values[0], values[1], values[2]) is { } registration)
            {
                if (result.Count < max)
                {
                    result.Add(registration);
                }
            }
            else
            {
                stale.Add(member);
            }
        }

        foreach (var member in stale)
        {
            await db.ScriptEvaluateAsync(RemoveIfGoneScript, [NodeKey((string)member!), _setKey], [member]);
        }

        return result;
    }

    /// <summary>
    /// Marks the node on <paramref name="connectionId"/> as alive and extends its key's TTL. When the entry is gone
    /// (Redis restarted without persistence) and the connection is open on this instance, the entry is written again,
    /// so the registry heals within one heartbeat. Skipped (logged) while Redis is down.
    /// </summary>
    public async ValueTask RefreshAsync(NodeId id, string connectionId, CancellationToken cancellationToken = default)
    {
        if (!_connection.IsConnected || _connections.Find(connectionId)?.Node is not { } info || info.Id != id)
        {
            return;
        }

        try
        {
            var db = await _connection.GetDatabaseAsync();
            var text = id.ToString();
            await db.ScriptEvaluateAsync(
                RefreshScript,
                [NodeKey(text), _setKey],
                [connectionId, _time.GetUtcNow().ToUnixTimeMilliseconds(), _ttlMilliseconds, text, info.Encode()]);
        }
        catch (Exception ex) when (RedisHubFilter.IsRedisFailure(ex))
        {
            LogHeartbeatFailed(_logger, ex.GetType().Name);
        }
    }

    /// <summary>
    /// Node hashes expire in Redis by themselves after <see cref="SignalServerOptions.NodeTtl"/>; this removes the ids
    /// of expired hashes from the sample set (one <c>SSCAN</c> pass). <paramref name="ttl"/> is not used.
    /// </summary>
    public async ValueTask<int> RemoveExpiredAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        try
        {
            var db = await _connection.GetDatabaseAsync();
            var page = new List<RedisValue>(PageSize);
            await foreach (var member in db.SetScanAsync(_setKey, pageSize: PageSize).WithCancellation(cancellationToken))
            {
                page.Add(member);
                if (page.Count == PageSize)
                {
                    removed += await RemoveGoneAsync(db, page);
                    page.Clear();
                }
            }

            removed += await RemoveGoneAsync(db, page);
        }
        catch (Exception ex) when (RedisHubFilter.IsRedisFailure(ex))
        {
            LogHeartbeatFailed(_logger, ex.GetType().Name);
        }

        return removed;
    }

    /// <inheritdoc />
    public async ValueTask<int> CountAsync(CancellationToken cancellationToken = default)
    {
        var db = await _connection.GetDatabaseAsync();
        return (int)Math.Min(await db.SetLengthAsync(_setKey), int.MaxValue);
    }

    private const int PageSize = 500;

    private async Task<int> RemoveGoneAsync(IDatabase db, List<RedisValue> members)
    {
        if (members.Count == 0)
        {
            return 0;
        }

        var batch = db.CreateBatch();
        var tasks = new List<Task<RedisResult>>(members.Count);
        foreach (var member in members)
        {
            tasks.Add(batch.ScriptEvaluateAsync(RemoveIfGoneScript, [NodeKey((string)member!), _setKey], [member]));
        }

        batch.Execute();
        var removed = 0;
        foreach (var task in tasks)
        {
            removed += (int)await task;
        }

        return removed;
    }

    private RedisKey NodeKey(string id) => $"{_prefix}:node:{id}";

    private NodeRegistration? ToRegistration(RedisValue info, RedisValue connection, RedisValue seen)
    {
        if (info.IsNull || connection.IsNull || !seen.TryParse(out long seenMilliseconds))
        {
            return null;
        }

        if (!NodeInfo.TryDecode((byte[])info!, out var decoded, out var error))
        {
            LogCorruptEntry(_logger, error);
            return null;
        }

        return new NodeRegistration(decoded!, (string)connection!, DateTimeOffset.FromUnixTimeMilliseconds(seenMilliseconds));
    }
}
