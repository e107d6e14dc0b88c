using System.Runtime.CompilerServices;

namespace Fledger.Broker.Internal;

/// <summary>
/// Reads and switches a thread's execution context through the runtime's own field, given the thread: one field access
/// instead of the thread-static lookup (on Linux a call to <c>__tls_get_addr</c>) and the checks that
/// <see cref="ExecutionContext.Capture"/> and <see cref="ExecutionContext.Restore"/> do on every call.
/// </summary>
/// <remarks>
/// <para>Only used to switch between a context and the same context plus one async local without a change handler
/// (see <see cref="ProcessingContext"/>): <see cref="ExecutionContext.Restore"/> would only add a notification of the
/// async locals whose values differ, and none of those have a handler, so writing the field has the same effect.</para>
/// <para>The field is the one <c>System.Threading.Thread</c> keeps its context in (CoreCLR and Mono, so also
/// WebAssembly, declare it). <see cref="IsAvailable"/> checks once that it exists and follows the context; when it
/// does not, callers use the public API instead.</para>
/// </remarks>
internal static class ThreadExecutionContext
{
    private static readonly AsyncLocal<object?> Probe = new();

    /// <summary>
    /// True when the field exists and holds the thread's current execution context, and the application did not turn the
    /// fast path off (<see cref="DisableSwitch"/> or the <see cref="DisableVariable"/> environment variable set to 1).
    /// </summary>
    public static readonly bool IsAvailable = !IsDisabled() && Check();

    /// <summary>The <see cref="AppContext"/> switch that makes the broker use only the public execution-context API.</summary>
    public const string DisableSwitch = "Fledger.Broker.DisableThreadContextField";

    /// <summary>The environment variable with the same effect as <see cref="DisableSwitch"/> (value 1), for a host without a runtimeconfig of its own.</summary>
    public const string DisableVariable = "FLEDGER_BROKER_PUBLIC_CONTEXT_API";

    /// <summary>The context <paramref name="thread"/> runs on as it stores it: null for the default context.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ExecutionContext? Get(Thread thread) => Field(thread);

    /// <summary>Switches <paramref name="thread"/>, which must be the current thread, to <paramref name="context"/> as read by <see cref="Get"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(Thread thread, ExecutionContext? context) => Field(thread) = context;

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_executionContext")]
    private static extern ref ExecutionContext? Field(Thread thread);

    private static bool IsDisabled() =>
        (AppContext.TryGetSwitch(DisableSwitch, out var disabled) && disabled)
        || Environment.GetEnvironmentVariable(DisableVariable) == "1";

    private static bool Check()
    {
        var caller = ExecutionContext.Capture();
        if (caller is null)
        {
            // Flow suppressed while the type initializes: nothing to compare against; use the public API.
            return false;
        }

        try
        {
            var thread = Thread.CurrentThread;
            var before = Field(thread);
            if (before is not null && !ReferenceEquals(before, caller))
            {
                return false;
            }

            Probe.Value = thread;
            return ReferenceEquals(Field(thread), ExecutionContext.Capture());
        }
        catch (Exception exception) when (exception is MissingMemberException or NotSupportedException or InvalidProgramException)
        {
            return false;
        }
        finally
        {
            ExecutionContext.Restore(caller);
        }
    }
}
