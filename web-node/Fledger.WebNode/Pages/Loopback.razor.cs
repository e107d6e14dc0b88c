using System.Security.Cryptography;
using Fledger.WebNode.Services;
using Microsoft.AspNetCore.Components;

namespace Fledger.WebNode.Pages;

/// <summary>A demo page: a chat over an in-page WebRTC loopback link (no signal server needed).</summary>
public sealed partial class Loopback
{
    private const int MaxChatLines = 200;
    private static readonly TimeSpan StatsPeriod = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<PeerRow> _peers = [];
    private readonly List<ChatLine> _chat = [];
    private string _nodeId = "";
    private string _nodeName = "";
    private string _status = "starting";
    private string _loopbackState = "connecting";
    private string _draft = "";

    [Inject]
    private LoopbackLink Link { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        // Placeholder identity until Fledger.Core's key-derived NodeId is wired in.
        _nodeId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _nodeName = $"web-{_nodeId[..6]}";
        Link.TextReceived += OnLoopbackText;
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }
        try
        {
            await Link.ConnectAsync(_stop.Token);
            _loopbackState = "open";
            _status = "running (loopback link open)";
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or Microsoft.JSInterop.JSException)
        {
            _loopbackState = "failed";
            _status = $"loopback link failed: {e.Message}";
        }
        StateHasChanged();
        if (_loopbackState == "open")
        {
            await RefreshStatsLoopAsync(_stop.Token);
        }
    }

    private async Task RefreshStatsLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(StatsPeriod, Time);
        try
        {
            do
            {
                var stats = await Link.GetStatsAsync(cancellationToken);
                _peers.Clear();
                _peers.Add(new PeerRow("loopback", stats.Connection.ToString(), stats.LocalCandidate.ToString(),
                    stats.RemoteCandidate.ToString(), stats.BytesSent, stats.BytesReceived,
                    stats.RoundTripTime?.TotalMilliseconds));
                StateHasChanged();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // The page was left.
        }
    }

    private async Task SendChatAsync()
    {
        var text = _draft.Trim();
        if (text.Length == 0 || _loopbackState != "open")
        {
            return;
        }
        _draft = "";
        AddChat(_nodeName, text);
        await Link.SendAsync(text, _stop.Token);
    }

    private void OnLoopbackText(object? sender, string text)
    {
        AddChat("loopback", text);
        StateHasChanged();
    }

    private void AddChat(string from, string text)
    {
        _chat.Add(new ChatLine(from, text));
        if (_chat.Count > MaxChatLines)
        {
            _chat.RemoveAt(0);
        }
    }

    private sealed record PeerRow(string Name, string State, string? LocalCandidateType, string? RemoteCandidateType,
        long BytesSent, long BytesReceived, double? RoundTripMs);

    private sealed record ChatLine(string From, string Text);
}
