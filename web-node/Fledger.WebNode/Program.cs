using Fledger.WebNode;
using Fledger.WebNode.Services;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddFledgerBrowserWebRtc();
builder.Services.AddFledgerBrowserStorage();
builder.Services.AddScoped<WebNodeHost>();
builder.Services.AddScoped<LoopbackLink>();
builder.Services.AddTransient<WebRtcSelfTest>();
builder.Services.AddTransient<StorageSelfTest>();

await builder.Build().RunAsync();
