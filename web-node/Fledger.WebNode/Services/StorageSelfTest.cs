using System.Diagnostics;
using Fledger.Core.Storage;
using Fledger.Net.Browser.Storage;
using Microsoft.JSInterop;

namespace Fledger.WebNode.Services;

/// <summary>
/// Checks <see cref="LocalStorageKeyValueStore"/> against the <see cref="IKeyValueStore"/> contract in this page, under
/// its own prefix (removed afterwards): round trip, missing keys, ordered listing per namespace, delete, foreign
/// values, size and name limits.
/// </summary>
public sealed class StorageSelfTest(BrowserStorage storage, IJSRuntime js)
{
    /// <summary>The localStorage prefix the checks use.</summary>
    public const string Prefix = "fledger-selftest/";

    /// <summary>Runs every check; a failed check does not stop the others.</summary>
    public async Task<IReadOnlyList<SelfTestResult>> RunAsync(CancellationToken cancellationToken)
    {
        var store = storage.OpenStore(Prefix);
        var results = new List<SelfTestResult>();
        async Task Check(string name, Func<Task<string>> check)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                results.Add(new SelfTestResult(name, true, await check(), watch.Elapsed.TotalMilliseconds));
            }
            catch (Exception e) when (e is SelfTestException or JSException or IOException)
            {
                results.Add(new SelfTestResult(name, false, e.Message, watch.Elapsed.TotalMilliseconds));
            }
        }

        byte[] value = [0, 1, 2, 255, 0, 42];
        await Check("round trip", async () =>
        {
            await store.SetAsync("check", "bytes", value, cancellationToken);
            var read = await store.GetAsync("check", "bytes", cancellationToken);
            Expect(read is not null && read.AsSpan().SequenceEqual(value), "read back differs");
            return $"{value.Length} bytes";
        });
        await Check("missing key", async () =>
        {
            Expect(await store.GetAsync("check", "absent", cancellationToken) is null, "a missing key returned a value");
            return "null";
        });
        await Check("list keys", async () =>
        {
            await store.SetAsync("check", "b", value, cancellationToken);
            await store.SetAsync("check", "a", value, cancellationToken);
            await store.SetAsync("other", "c", value, cancellationToken);
            var keys = await store.ListKeysAsync("check", cancellationToken);
            Expect(keys.SequenceEqual(["a", "b", "bytes"]), $"got [{string.Join(", ", keys)}]");
            return string.Join(", ", keys);
        });
        await Check("delete", async () =>
        {
            Expect(await store.DeleteAsync("check", "a", cancellationToken), "delete of a stored key returned false");
            Expect(!await store.DeleteAsync("check", "a", cancellationToken), "second delete returned true");
            Expect(await store.GetAsync("check", "a", cancellationToken) is null, "deleted key still readable");
            return "true, then false";
        });
        await Check("foreign value", async () =>
        {
            await js.InvokeVoidAsync("localStorage.setItem", cancellationToken, Prefix + "check/foreign", "not base64 !");
            Expect(await store.GetAsync("check", "foreign", cancellationToken) is null, "a non-base64 value was returned");
            return "read as missing";
        });
        await Check("limits", () =>
        {
            ExpectThrows(() => store.SetAsync("check", "big", new byte[KeyValueNames.MaxValueBytes + 1], cancellationToken).AsTask(), "an oversized value");
            ExpectThrows(() => store.GetAsync("Bad/Namespace", "key", cancellationToken).AsTask(), "an invalid namespace");
            ExpectThrows(() => store.GetAsync("check", "bad/key", cancellationToken).AsTask(), "an invalid key");
            return Task.FromResult("ArgumentException");
        });

        foreach (var (ns, key) in new[] { ("check", "bytes"), ("check", "b"), ("check", "foreign"), ("other", "c") })
        {
            await store.DeleteAsync(ns, key, cancellationToken);
        }

        return results;
    }

    private static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new SelfTestException(failure);
        }
    }

    private static void ExpectThrows(Func<Task> call, string what)
    {
        try
        {
            // Validation happens before the first await, so the task is already faulted.
            var task = call();
            Expect(task.IsFaulted && task.Exception!.InnerException is ArgumentException, $"{what} was accepted");
        }
        catch (ArgumentException)
        {
            // Thrown synchronously: accepted as well.
        }
    }
}
