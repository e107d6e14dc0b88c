using Fledger.SignalServer.Hosting;

var app = SignalServerApp.Create(args);
app.Run();

/// <summary>Entry point marker for WebApplicationFactory in tests.</summary>
public partial class Program;
