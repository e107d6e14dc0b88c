namespace Fledger.Broker.Tests;

/// <summary>
/// Two brokers that route back: a handler of <c>a</c> asks <c>echo</c> while it runs, and <c>echo</c>'s answer comes
/// back to <c>a</c>, which is busy with that very handler. The re-entrancy tests vary only how the handler asks.
/// </summary>
internal static class EchoRoundTrip
{
    /// <summary>
    /// <paramref name="echo"/> answers <see cref="Request"/>(v) with <see cref="Answered"/>(v), forwarded into
    /// <paramref name="a"/> as <see cref="Response"/>(v); <paramref name="a"/> runs <paramref name="ask"/> for a
    /// request and emits <see cref="Answered"/>(v) for a response. Dispose the result to unlink.
    /// </summary>
    public static IDisposable Wire(Broker<In, Out> a, Broker<In, Out> echo, Func<Request, ValueTask> ask)
    {
        echo.AddHandler((message, output) =>
        {
            output.Emit(new Answered(((Request)message).Value));
            return ValueTask.CompletedTask;
        });
        a.AddHandler(async (message, output) =>
        {
            switch (message)
            {
                case Request r:
                    await ask(r);
                    break;
                case Response r:
                    output.Emit(new Answered(r.Value));
                    break;
            }
        });
        return echo.ForwardOutputsToInputs(a, o => new Response(((Answered)o).Value));
    }
}
