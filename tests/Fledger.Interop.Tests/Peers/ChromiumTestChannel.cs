using System.Text.Json;

namespace Fledger.Interop.Tests.Peers;

/// <summary>A data channel of a <see cref="ChromiumTestPeer"/>, addressed by its harness handle.</summary>
public sealed class ChromiumTestChannel(ChromiumTestPeer peer, int handle, string label, int? id) : ITestChannel
{
    /// <inheritdoc />
    public string Label => label;

    /// <inheritdoc />
    public int? Id => id;

    /// <inheritdoc />
    public Task WaitOpenAsync() => peer.EvalAsync<bool>("h => harness.waitOpen(h)", handle);

    /// <inheritdoc />
    public Task SendPatternAsync(bool text, int size, int seed) =>
        peer.EvalAsync<JsonElement>("([h, k, n, s]) => harness.sendPattern(h, k, n, s)",
            new object[] { handle, text ? "text" : "binary", size, seed });

    /// <inheritdoc />
    public Task SendTextsAsync(int count, string prefix) =>
        peer.EvalAsync<int>("([h, n, p]) => harness.sendTexts(h, n, p)", new object[] { handle, count, prefix });

    /// <inheritdoc />
    public async Task<IReadOnlyList<TestMessage>> WaitMessagesAsync(int count)
    {
        var json = await peer.EvalAsync<JsonElement>("([h, n]) => harness.waitMessages(h, n)", new object[] { handle, count });
        var all = json.Deserialize<TestMessage[]>(JsonSerializerOptions.Web) ?? [];
        return all.Take(count).ToArray();
    }

    /// <inheritdoc />
    public Task ClearMessagesAsync() => peer.EvalAsync<JsonElement?>("h => harness.clearMessages(h)", handle);

    /// <inheritdoc />
    public Task CloseAsync() => peer.EvalAsync<JsonElement?>("h => harness.close(h)", handle);

    /// <inheritdoc />
    public Task WaitClosedAsync() => peer.EvalAsync<bool>("h => harness.waitClosed(h)", handle);
}
