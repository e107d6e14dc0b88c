using System.Text.Json;

namespace Fledger.Bench.Gossip;

/// <summary>One JSON line of <c>fledger node --json-events</c> (see <c>node-cli/Fledger.Cli/Json/JsonEventFormat.cs</c>).</summary>
internal sealed record GossipLine(string Type, int Node, double T, string? Id, string? Event, string? Text, IReadOnlyList<string> Peers)
{
    /// <summary>Parses a line; null for anything that is not an event object with a type, node and time.</summary>
    public static GossipLine? TryParse(string line)
    {
        if (line.Length == 0 || line[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("node", out var node) || node.ValueKind != JsonValueKind.Number || !node.TryGetInt32(out var index)
                || !root.TryGetProperty("t", out var t) || t.ValueKind != JsonValueKind.Number || !t.TryGetDouble(out var time))
            {
                return null;
            }

            var peers = root.TryGetProperty("peers", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!).ToArray()
                : [];
            return new GossipLine(type.GetString()!, index, time, StringOf(root, "id"), StringOf(root, "event"), StringOf(root, "text"), peers);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
