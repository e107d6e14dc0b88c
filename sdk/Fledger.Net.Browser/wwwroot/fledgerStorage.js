// localStorage and tab-slot helpers for Fledger.Net.Browser.Storage (LocalStorageKeyValueStore, BrowserStorageSlot).

export function get(key) {
  return localStorage.getItem(key);
}

// Returns false when the browser refuses the value (quota exceeded or storage disabled).
export function set(key, value) {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function remove(key) {
  const had = localStorage.getItem(key) !== null;
  localStorage.removeItem(key);
  return had;
}

export function listKeys(prefix) {
  const keys = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key !== null && key.startsWith(prefix)) {
      keys.push(key.substring(prefix.length));
    }
  }
  return keys;
}

// Holds a Web Lock named `name` until the page goes away; resolves true when it was taken.
// waitMs > 0 waits that long for a held lock (a reloading page's old document may still hold it).
function tryLock(name, waitMs) {
  return new Promise(resolve => {
    const options = waitMs > 0 ? { signal: AbortSignal.timeout(waitMs) } : { ifAvailable: true };
    navigator.locks.request(name, options, lock => {
      if (!lock) {
        resolve(false);
        return undefined;
      }
      resolve(true);
      return new Promise(() => { });
    }).catch(() => resolve(false));
  });
}

// Claims the lowest free identity slot of `profile` for this tab (the slot it had before a reload first).
// Returns { slot, locked }: slot -1 when all `max` slots are taken; locked false when the browser has no Web Locks.
export async function claimSlot(profile, max, waitMs) {
  const remembered = `${profile}/slot`;
  const preferred = Number.parseInt(sessionStorage.getItem(remembered) ?? '', 10);
  const hasPreferred = Number.isInteger(preferred) && preferred >= 0 && preferred < max;
  if (!navigator.locks) {
    return { slot: hasPreferred ? preferred : 0, locked: false };
  }
  if (hasPreferred && await tryLock(`${profile}/slot/${preferred}`, waitMs)) {
    return { slot: preferred, locked: true };
  }
  for (let slot = 0; slot < max; slot++) {
    if (slot !== preferred && await tryLock(`${profile}/slot/${slot}`, 0)) {
      sessionStorage.setItem(remembered, String(slot));
      return { slot, locked: true };
    }
  }
  return { slot: -1, locked: true };
}
