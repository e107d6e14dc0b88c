using System.Globalization;
using Fledger.Core.Identity;

namespace Fledger.WebNode.Pages;

/// <summary>
/// The layout of the mesh drawing: this node in the middle, the known nodes on a circle around it (at most
/// <see cref="MaxVertices"/>, connected ones first), and a line to each connected peer.
/// </summary>
internal sealed record MeshGraph(IReadOnlyList<MeshGraph.Vertex> Vertices, IReadOnlyList<MeshGraph.Edge> Edges)
{
    /// <summary>Most nodes drawn.</summary>
    public const int MaxVertices = 24;

    private const double CenterX = 180;
    private const double CenterY = 120;
    private const double Radius = 95;

    public static MeshGraph Empty { get; } = new([], []);

    /// <summary>Lays out <paramref name="self"/>, <paramref name="known"/> and the <paramref name="connected"/> peers.</summary>
    public static MeshGraph Build(NodeInfo self, IReadOnlyList<NodeInfo> known, IReadOnlySet<NodeId> connected)
    {
        var others = known.Where(n => n.Id != self.Id)
            .OrderByDescending(n => connected.Contains(n.Id))
            .ThenBy(n => n.Id)
            .Take(MaxVertices - 1)
            .ToList();
        var vertices = new List<Vertex>(others.Count + 1) { new(self.Id.ToString(), Label(self), Css(self.Kind), CenterX, CenterY, true) };
        var edges = new List<Edge>();
        for (var i = 0; i < others.Count; i++)
        {
            var angle = (2 * Math.PI * i / others.Count) - (Math.PI / 2);
            var x = CenterX + (Radius * Math.Cos(angle));
            var y = CenterY + (Radius * Math.Sin(angle));
            var node = others[i];
            vertices.Add(new Vertex(node.Id.ToString(), Label(node), Css(node.Kind), x, y, false));
            if (connected.Contains(node.Id))
            {
                edges.Add(new Edge(node.Id.ToString(), CenterX, CenterY, x, y));
            }
        }

        return new MeshGraph(vertices, edges);
    }

    /// <summary>A coordinate in SVG's invariant number format.</summary>
    public static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Label(NodeInfo node) => node.Name.Length > 14 ? node.Name[..14] : node.Name;

    private static string Css(ClientKind kind) => kind == ClientKind.Browser ? "browser" : "native";

    /// <summary>A drawn node.</summary>
    public sealed record Vertex(string Id, string Label, string Css, double X, double Y, bool Self);

    /// <summary>A drawn connection from this node to <paramref name="To"/>.</summary>
    public sealed record Edge(string To, double X1, double Y1, double X2, double Y2);
}
