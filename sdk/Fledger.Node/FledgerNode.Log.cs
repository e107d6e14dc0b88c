using Microsoft.Extensions.Logging;

namespace Fledger.Node;

public sealed partial class FledgerNode
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Node {Id} ({Name}) started with modules {Modules}")]
        public static partial void Started(ILogger logger, string id, string name, NodeModules modules);
    }
}
