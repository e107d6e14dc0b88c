namespace Fledger.SignalServer.Hosting;

/// <summary>Default <see cref="IFledgerSignalServerBuilder"/>.</summary>
internal sealed class FledgerSignalServerBuilder(IServiceCollection services) : IFledgerSignalServerBuilder
{
    /// <inheritdoc />
    public IServiceCollection Services { get; } = services;
}
