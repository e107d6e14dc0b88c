using System.CommandLine;
using Fledger.Cli.Hosting;

namespace Fledger.Cli.Commands;

/// <summary><c>fledger chat</c>: posts a gossip chat message (or prompts for messages) and shows the feed.</summary>
internal static class ChatCommand
{
    public static Command Create(CliGlobals globals)
    {
        var signal = globals.CreateSignalOption();
        var text = new Argument<string?>("TEXT")
        {
            Description = "The message; without it, an interactive prompt reads lines until Ctrl-D.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var dataDir = CommonOptions.CreateDataDir();
        var name = CommonOptions.CreateName();
        var timeout = CommonOptions.CreateTimeout();
        var command = new Command("chat", "Post a chat message to the network (or chat interactively) and show the feed.")
        {
            signal, dataDir, name, timeout, text,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var run = CommandRun.Start(globals, parse);
            var node = await LocalNode.LoadOrCreateAsync(DataDirectory.Resolve(parse.GetValue(dataDir), globals.Console), parse.GetValue(name), cancellationToken);
            throw new CliException(ExitCodes.Failure, $"chat needs the gossip module, which this build of fledger does not include yet (node {node.Info.Name})");
        });
        return command;
    }
}
