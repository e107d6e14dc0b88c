using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fledger.Core.Identity;

/// <summary>Serializes a <see cref="NodeId"/> as its 64-character hex string.</summary>
public sealed class NodeIdJsonConverter : JsonConverter<NodeId>
{
    /// <inheritdoc />
    public override NodeId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length != NodeId.HexLength)
        {
            throw new JsonException("A node id is a 64-character hex string.");
        }

        Span<char> chars = stackalloc char[NodeId.HexLength];
        var length = reader.CopyString(chars);
        return NodeId.TryParse(chars[..length], out var id, out _)
            ? id
            : throw new JsonException("A node id is a 64-character hex string.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, NodeId value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToString());
}
