using Fledger.Core.Storage;
using Microsoft.JSInterop;

namespace Fledger.Net.Browser.Storage;

/// <summary>
/// The page's <c>localStorage</c> and Web Locks through <c>fledgerStorage.js</c> (imported lazily on first use):
/// claims a tab's identity slot (<see cref="ClaimSlotAsync"/>) and opens <see cref="LocalStorageKeyValueStore"/>s.
/// </summary>
public sealed class BrowserStorage : IAsyncDisposable
{
    /// <summary>Path of the JS module, as served to any app that references this library.</summary>
    public const string ModulePath = "./_content/Fledger.Net.Browser/fledgerStorage.js";

    private readonly IJSRuntime _js;
    private Task<IJSObjectReference>? _module;

    /// <summary>Creates the entry point; nothing is loaded until the first call.</summary>
    public BrowserStorage(IJSRuntime js)
    {
        ArgumentNullException.ThrowIfNull(js);
        _js = js;
    }

    /// <summary>
    /// Claims the identity slot of this tab in <paramref name="profile"/>: the slot it held before a reload (waiting up
    /// to <paramref name="waitForPrevious"/> for the old document to let it go), else the lowest free one. A slot is a
    /// Web Lock held until the tab closes, so two tabs never share one. Without Web Locks (an insecure origin) every
    /// tab gets its remembered slot or slot 0.
    /// </summary>
    /// <returns>The slot, or <see cref="TabSlot.Slot"/> -1 when all <paramref name="maxSlots"/> are taken.</returns>
    public async Task<TabSlot> ClaimSlotAsync(string profile, int maxSlots, TimeSpan waitForPrevious, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(profile);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSlots, 1);
        var module = await ModuleAsync(cancellationToken);
        return await module.InvokeAsync<TabSlot>("claimSlot", cancellationToken, profile, maxSlots, (int)waitForPrevious.TotalMilliseconds);
    }

    /// <summary>Opens the store whose keys start with <paramref name="prefix"/> (e.g. <c>fledger/0/</c>).</summary>
    public IKeyValueStore OpenStore(string prefix) => new LocalStorageKeyValueStore(this, prefix);

    /// <summary>Releases the JS module.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_module is { IsCompletedSuccessfully: true })
        {
            try
            {
                await _module.Result.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The page is gone; there is nothing left to release.
            }
        }
    }

    internal async ValueTask<IJSObjectReference> ModuleAsync(CancellationToken cancellationToken)
    {
        if (_module is null || _module.IsFaulted || _module.IsCanceled)
        {
            _module = _js.InvokeAsync<IJSObjectReference>("import", cancellationToken, ModulePath).AsTask();
        }

        return await _module;
    }
}
