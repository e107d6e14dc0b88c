using System.CommandLine;
using System.Text.Json;
using Fledger.Cli.Hosting;
using Fledger.Cli.Signaling;
using Fledger.Cli.View;
using Fledger.Core.Identity;
using Spectre.Console;

namespace Fledger.Cli.Commands;

/// <summary><c>fledger list</c>: the nodes the signal server knows.</summary>
internal static class ListCommand
{
    public static Command Create(CliGlobals globals)
    {
        var signal = globals.CreateSignalOption();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var max = new Option<int>("--max")
        {
            Description = "Most nodes to list (1..1000).",
            DefaultValueFactory = _ => 100,
            HelpName = "N",
        };
        max.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--max must be between 1 and 1000");
            }
        });
        var timeout = CommonOptions.CreateTimeout();
        var command = new Command("list", "List the nodes the signal server knows.") { signal, json, max, timeout };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var run = CommandRun.Start(globals, parse);
            var node = await LocalNode.CreateEphemeralAsync("fledger-list", cancellationToken);
            var wait = TimeSpan.FromSeconds(parse.GetValue(timeout));
            await using var session = await SignalSession.ConnectAsync(node, parse.GetValue(signal)!, wait, run.Loggers, cancellationToken);
            var nodes = await session.ListNodesAsync(parse.GetValue(max), wait, cancellationToken);
            if (parse.GetValue(json))
            {
                WriteJson(globals.Console.Out, nodes);
            }
            else
            {
                WriteTable(ConsoleFactory.Create(globals.Console), nodes);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteTable(IAnsiConsole console, IReadOnlyList<NodeInfo> nodes)
    {
        if (nodes.Count == 0)
        {
            console.WriteLine("No other nodes are announced on this server.");
            return;
        }

        var table = new Table().AddColumns("Id", "Name", "Kind", "Modules");
        foreach (var node in nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(node.Id.ToShortString()),
                Markup.Escape(node.Name),
                node.Kind.ToString(),
                Markup.Escape(string.Join(", ", node.Modules)));
        }

        console.Write(table);
        console.WriteLine($"{nodes.Count} node(s).");
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<NodeInfo> nodes)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var node in nodes)
            {
                writer.WriteStartObject();
                writer.WriteString("id", node.Id.ToString());
                writer.WriteString("name", node.Name);
                writer.WriteString("kind", node.Kind.ToString().ToLowerInvariant());
                writer.WriteStartArray("modules");
                foreach (var module in node.Modules)
                {
                    writer.WriteStringValue(module);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
