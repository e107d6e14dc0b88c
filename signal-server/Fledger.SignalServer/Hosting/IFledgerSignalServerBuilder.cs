namespace Fledger.SignalServer.Hosting;

/// <summary>Returned by <c>AddFledgerSignalServer</c> so that sub-features (e.g. another registry) can be added.</summary>
public interface IFledgerSignalServerBuilder
{
    /// <summary>The service collection the server was added to.</summary>
    IServiceCollection Services { get; }
}
