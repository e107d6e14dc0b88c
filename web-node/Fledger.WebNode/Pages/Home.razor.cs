using Fledger.Net.WebRtc;
using Fledger.Node;
using Fledger.WebNode.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;

namespace Fledger.WebNode.Pages;

/// <summary>The node page: identity and name, signaling status, mesh graph, peers and the gossip chat.</summary>
public sealed partial class Home
{
    private const int MaxChatLines = 200;
    private static readonly TimeSpan RenderThrottle = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource _stop = new();
    private List<PeerRow> _peers = [];
    private List<ChatLine> _chat = [];
    private MeshGraph _graph = MeshGraph.Empty;
    private string _draft = "";
    private string _nameDraft = "";
    private string _chatStatus = "";
    private int _renderScheduled;
    private CancellationToken _stopping;

    [Inject]
    private WebNodeHost Host { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IConfiguration Configuration { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private FledgerNode? Node => Host.Node;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Host.Changed -= OnHostChanged;
        await _stop.CancelAsync();
        _stop.Dispose();
    }

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _stopping = _stop.Token;
        Host.Changed += OnHostChanged;
        Refresh();
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
            var settings = WebNodeSettings.Resolve(new Uri(Navigation.Uri), new Uri(Navigation.BaseUri), Configuration);
            // The node outlives this page (it runs while the app runs), so leaving the page does not cancel its start.
            await Host.StartAsync(settings, CancellationToken.None);
        }
        catch (FormatException e)
        {
            _chatStatus = $"bad settings: {e.Message}";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _chatStatus = $"the node did not start: {e.Message}";
        }

        Refresh();
        StateHasChanged();
    }

    private static string F(double value) => MeshGraph.Format(value);

    // The stat module samples every few seconds: an open connection without a sample yet reads as connected.
    private static string StateText(bool open, PeerConnectionState? sampled)
        => sampled is { } state && (state != PeerConnectionState.New || !open) ? state.ToString() : open ? "Connected" : "New";

    private void OnHostChanged(object? sender, EventArgs e)
    {
        // Changes come in bursts from the brokers: render at most every RenderThrottle.
        if (Interlocked.Exchange(ref _renderScheduled, 1) == 1)
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            try
            {
                await Task.Delay(RenderThrottle, Time, _stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Interlocked.Exchange(ref _renderScheduled, 0);
            Refresh();
            StateHasChanged();
        });
    }

    private void Refresh()
    {
        var node = Node;
        if (node is null)
        {
            return;
        }

        var known = node.KnownNodes;
        var names = known.ToDictionary(n => n.Id, n => n.Name);
        names[node.Id] = node.Info.Name;
        var connected = node.Connections.ToHashSet();
        var stats = node.Stats;
        var pings = node.Pings;
        _peers = [.. connected.Union(stats.Keys).Order().Select(id =>
        {
            stats.TryGetValue(id, out var stat);
            pings.TryGetValue(id, out var ping);
            var connection = stat?.Connection;
            var rtt = stat?.RoundTripTime ?? ping?.LastRtt;
            return new PeerRow(
                id.ToString(),
                names.GetValueOrDefault(id) ?? id.ToShortString(),
                connected.Contains(id),
                StateText(connected.Contains(id), connection?.Connection),
                connection is null ? "-" : $"{connection.LocalCandidate} / {connection.RemoteCandidate}".ToLowerInvariant(),
                rtt?.TotalMilliseconds,
                connection?.BytesReceived ?? 0,
                connection?.BytesSent ?? 0);
        })];
        _chat = [.. node.ChatEvents.TakeLast(MaxChatLines).Select(e => new ChatLine(
            e.Author.ToString(),
            names.GetValueOrDefault(e.Author) ?? e.Author.ToShortString(),
            e.Created.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            e.Text))];
        _graph = MeshGraph.Build(node.Info, known, connected);
    }

    private async Task PostChatAsync()
    {
        var text = _draft.Trim();
        if (text.Length == 0 || Node is null)
        {
            return;
        }

        try
        {
            var posted = await Node.PostChatAsync(text, _stopping);
            _chatStatus = posted is null ? "the gossip module refused the message (too many recent messages?)" : "";
            if (posted is not null)
            {
                _draft = "";
            }
        }
        catch (ArgumentException e)
        {
            _chatStatus = e.Message;
        }

        Refresh();
    }

    private async Task RenameAsync()
    {
        var name = _nameDraft.Trim();
        if (name.Length == 0 || Node is null)
        {
            return;
        }

        try
        {
            await Host.StoreNameAsync(name, _stopping);
            // The name is part of the signed announce and node-info event: start again under the new name.
            Navigation.NavigateTo(Navigation.Uri, forceLoad: true);
        }
        catch (ArgumentException e)
        {
            _chatStatus = e.Message;
        }
    }

    private sealed record PeerRow(string Id, string Name, bool Open, string State, string ConnectionType, double? RoundTripMs, long BytesIn, long BytesOut);

    private sealed record ChatLine(string Author, string From, string Time, string Text);
}
