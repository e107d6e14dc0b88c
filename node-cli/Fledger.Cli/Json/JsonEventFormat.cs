using System.Buffers;
using System.Text;
using System.Text.Json;
using Fledger.Core.Identity;
using Fledger.Modules.Gossip;

namespace Fledger.Cli.Json;

/// <summary>
/// The lines of <c>fledger node --json-events</c>: one compact JSON object per line with a <c>type</c>, the node's index
/// in this process (<c>node</c>) and <c>t</c>, the wall-clock time in Unix milliseconds (fractional) when it happened.
/// The format is stable (scripts and <c>bench/Fledger.Bench</c> parse it); see <c>docs/benchmarks.md</c>.
/// </summary>
internal static class JsonEventFormat
{
    /// <summary>The node is announced at the signal server: <c>{"type":"ready","node":0,"id":"…","name":"…","t":…}</c>.</summary>
    public static string Ready(int node, NodeId id, string name, double t) => Write("ready", node, t, w =>
    {
        w.WriteString("id", id.ToString());
        w.WriteString("name", name);
    });

    /// <summary>The node's open peer connections changed: <c>{"type":"peers","node":0,"peers":["…"],"t":…}</c>.</summary>
    public static string Peers(int node, IEnumerable<NodeId> peers, double t) => Write("peers", node, t, w =>
    {
        w.WriteStartArray("peers");
        foreach (var peer in peers)
        {
            w.WriteStringValue(peer.ToString());
        }

        w.WriteEndArray();
    });

    /// <summary>The node holds a chat event (received, or its own post): <c>{"type":"chat","node":0,"event":"…","author":"…","text":"…","t":…}</c>.</summary>
    public static string Chat(int node, GossipEvent chat, double t) => Write("chat", node, t, w =>
    {
        w.WriteString("event", chat.Id.ToString());
        w.WriteString("author", chat.Author.ToString());
        w.WriteString("text", chat.Text);
    });

    /// <summary>A <c>post</c> command was accepted; <c>t</c> is taken just before the node signed the event.</summary>
    public static string Posted(int node, GossipEvent chat, double t) => Write("posted", node, t, w =>
    {
        w.WriteString("event", chat.Id.ToString());
        w.WriteString("text", chat.Text);
    });

    /// <summary>A command on stdin failed: <c>{"type":"error","node":-1,"message":"…","t":…}</c>.</summary>
    public static string Error(int node, string message, double t) => Write("error", node, t, w => w.WriteString("message", message));

    /// <summary>Lines were dropped because stdout did not keep up.</summary>
    public static string Dropped(long count, double t) => Write("dropped", -1, t, w => w.WriteNumber("count", count));

    /// <summary>Wall-clock Unix milliseconds of <paramref name="time"/> (fractional: microseconds where the clock has them).</summary>
    public static double UnixMilliseconds(TimeProvider time) => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerMillisecond;

    private static string Write(string type, int node, double t, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteNumber("node", node);
            body(writer);
            writer.WriteNumber("t", Math.Round(t, 3));
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
