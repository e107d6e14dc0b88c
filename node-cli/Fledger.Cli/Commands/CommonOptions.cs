using System.CommandLine;

namespace Fledger.Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    /// <summary><c>--timeout SECONDS</c>: how long to wait for the signal server (1..300, default 10).</summary>
    public static Option<int> CreateTimeout()
    {
        var option = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for the signal server (1..300).",
            DefaultValueFactory = _ => 10,
            HelpName = "SECONDS",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 300)
            {
                result.AddError("--timeout must be between 1 and 300 seconds");
            }
        });
        return option;
    }

    /// <summary><c>--data-dir DIR</c>: where the node keeps its identity (default <c>$FLEDGER_HOME</c> or <c>~/.fledger</c>).</summary>
    public static Option<string> CreateDataDir() => new("--data-dir", "-d")
    {
        Description = "Directory for the node's identity and settings (default: $FLEDGER_HOME or ~/.fledger).",
        HelpName = "DIR",
    };

    /// <summary><c>--name N</c>: the node's display name (stored for the next runs).</summary>
    public static Option<string> CreateName()
    {
        var option = new Option<string>("--name", "-n")
        {
            Description = "Display name (1..64 UTF-8 bytes); remembered in the data directory.",
            HelpName = "NAME",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !Hosting.LocalNode.IsValidName(value))
            {
                result.AddError("--name must be 1 to 64 UTF-8 bytes without control characters");
            }
        });
        return option;
    }

    /// <summary><c>--plain</c>: log lines instead of the live view.</summary>
    public static Option<bool> CreatePlain() => new("--plain")
    {
        Description = "Print plain event lines instead of the live view (automatic when output is redirected).",
    };

    /// <summary><c>--loopback</c>: WebRTC over loopback interfaces only.</summary>
    public static Option<bool> CreateLoopback() => new("--loopback")
    {
        Description = "Use only loopback interfaces for WebRTC (nodes on this machine only).",
    };
}
