namespace Fledger.Net.Browser.Storage;

/// <summary>The identity slot a tab claimed in its profile (see <see cref="BrowserStorage.ClaimSlotAsync"/>).</summary>
/// <param name="Slot">0 for the first tab, 1.. for more tabs open at once; -1 when every slot is taken.</param>
/// <param name="Locked">True when a Web Lock keeps the slot for this tab; false when the browser has no Web Locks.</param>
public sealed record TabSlot(int Slot, bool Locked);
