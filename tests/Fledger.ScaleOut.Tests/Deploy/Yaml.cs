using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fledger.ScaleOut.Tests.Deploy;

/// <summary>Small helpers over YamlDotNet's representation model for manifest checks.</summary>
public static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> LoadDocuments(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        // MergingParser resolves compose's "<<: *anchor" merge keys.
        stream.Load(new MergingParser(new Parser(reader)));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static string? Text(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode node, params string[] path)
        => node.At(path) is YamlSequenceNode sequence ? sequence.Children : [];

    public static YamlMappingNode OfKind(this IEnumerable<YamlMappingNode> documents, string kind, string? name = null)
        => Assert.Single(documents, d => d.Text("kind") == kind && (name is null || d.Text("metadata", "name") == name));

    /// <summary>Reads a compose-style environment mapping (or k8s env list) as a dictionary.</summary>
    public static Dictionary<string, string> Environment(YamlNode? node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? ""),
        YamlSequenceNode list => list.Children.ToDictionary(e => e.Text("name")!, e => e.Text("value") ?? ""),
        _ => [],
    };
}
