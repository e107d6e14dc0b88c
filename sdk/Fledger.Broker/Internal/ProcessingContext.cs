namespace Fledger.Broker.Internal;

/// <summary>
/// Set for the flow that is processing broker messages (a handler, callback or translator is running).
/// Emits made from inside that flow join the current work token and do not wait for it (the outer
/// emit or settle waits), so a handler that emits into a broker which routes back never deadlocks.
/// </summary>
internal sealed class ProcessingContext
{
    private static readonly AsyncLocal<ProcessingContext?> CurrentLocal = new();

    public WorkToken? CurrentToken { get; set; }

    public static ProcessingContext? Current => CurrentLocal.Value;

    public static ProcessingContext Enter()
    {
        var context = new ProcessingContext();
        CurrentLocal.Value = context;
        return context;
    }

    public static void Exit() => CurrentLocal.Value = null;
}
