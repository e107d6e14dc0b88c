namespace Fledger.SignalServer.Tests.Infrastructure;

/// <summary>One server with default options shared by the tests of a class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private SignalServerHost? _host;

    public SignalServerHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _host = await SignalServerHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
