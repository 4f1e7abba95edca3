// Probe methods for the compiled-code check: realistic uses of the IPC and shared-memory API, one exported symbol each.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Smos.Sel4;

namespace Smos.CodegenProbes;

/// <summary>
/// Each probe is an <c>[UnmanagedCallersOnly]</c> export (the symbol Smos.Codegen.Tests looks up) that calls one
/// <c>NoInlining</c> body, so the body is compiled on its own and its disassembly shows only the probed pattern.
/// The exports exist only to root the bodies for ILC; the tests inspect the body each export calls.
/// </summary>
public static unsafe class Probes
{
    /// <summary>The value the seed pattern writes to MR0 before the call (0x2a: easy to spot in the disassembly).</summary>
    public const ulong SentValue = 42;

    [UnmanagedCallersOnly(EntryPoint = "probe_seed_pattern")]
    private static ulong ExportSeedPattern(ulong endpoint, ulong receiveSlot) => SeedPattern(endpoint, receiveSlot);

    [UnmanagedCallersOnly(EntryPoint = "probe_volatile_poll")]
    private static ulong ExportVolatilePoll(ulong* shared, int length) => VolatilePoll(shared, length);

    [UnmanagedCallersOnly(EntryPoint = "probe_volatile_stores")]
    private static void ExportVolatileStores(ulong* shared, int length) => VolatileStores(shared, length);

    [UnmanagedCallersOnly(EntryPoint = "probe_setmr_stores")]
    private static void ExportSetMrStores() => SetMrStores();

    [UnmanagedCallersOnly(EntryPoint = "probe_seed_pattern_runtime")]
    private static ulong ExportSeedPatternRuntime(ulong endpoint) => SeedPatternWithRuntime(endpoint);

    [UnmanagedCallersOnly(EntryPoint = "probe_fast_call")]
    private static ulong ExportFastCall(ulong endpoint) => FastCall(endpoint);

    [UnmanagedCallersOnly(EntryPoint = "probe_plain_poll")]
    private static ulong ExportPlainPoll(ulong* shared) => PlainPoll(shared);

    [UnmanagedCallersOnly(EntryPoint = "probe_plain_stores")]
    private static void ExportPlainStores(ulong* shared) => PlainStores(shared);

    /// <summary>
    /// The seed pattern (the rust-sel4 bug scenario): receive slot and MR0 written in a scope, scope ended,
    /// seL4_Call, a new read scope, MR0 read back. MR0 must be re-read from the IPC buffer after the call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong SeedPattern(ulong endpoint, ulong receiveSlot)
    {
        using (var w = Ipc.Write())
        {
            w.SetReceiveSlot(InitialCaps.InitThreadCNode, receiveSlot, 64);
            w.SetMr(0, SentValue);
        }

        MessageInfo reply = new Endpoint(endpoint).Call(new MessageInfo(1, 0, 0, 1));
        ulong value;
        using (var r = Ipc.Read())
        {
            value = r.GetMr(0);
        }

        return value + (ulong)reply.ExtraCaps;
    }

    private static ulong[]? s_kept;

    /// <summary>
    /// The seed pattern in code that uses the collector and exceptions: an array allocated before the scopes, the
    /// call inside a try with a catch. MR0 must still be re-read from the IPC buffer (a volatile load) after the call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong SeedPatternWithRuntime(ulong endpoint)
    {
        var result = new ulong[1];
        s_kept = result; // escapes, so it is a heap allocation (.NET 10 stack-allocates arrays that do not)
        try
        {
            using (var w = Ipc.Write())
            {
                w.SetMr(0, SentValue);
            }

            new Endpoint(endpoint).Call(new MessageInfo(1, 0, 0, 1));
            using (var r = Ipc.Read())
            {
                result[0] = r.GetMr(0);
            }
        }
        catch (System.InvalidOperationException)
        {
            return 0;
        }

        return result[0];
    }

    /// <summary>
    /// The register path: MR0 = 42 in a FastMessage, seL4_Call through the stub that fills the struct from x2-x5,
    /// MR0 returned. The struct's address goes to the stub, so MR0 must be loaded from it after the call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong FastCall(ulong endpoint)
    {
        var m = new FastMessage(SentValue, 0, 0, 0);
        new Endpoint(endpoint).Call(new MessageInfo(1, 0, 0, 1), ref m);
        return m.Mr0;
    }

    /// <summary>Polls a word of shared memory through a volatile span until another party sets it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong VolatilePoll(ulong* shared, int length)
    {
        var span = new VolatileSpan<ulong>(shared, length);
        while (span[0] == 0)
        {
        }

        return span[0];
    }

    /// <summary>Two successive volatile stores to the same word: both must reach memory.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void VolatileStores(ulong* shared, int length)
    {
        var span = new VolatileSpan<ulong>(shared, length);
        span.Set(0, 1);
        span.Set(0, 2);
    }

    /// <summary>Two successive writes to the same message register through the write scope: both must stay.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SetMrStores()
    {
        using var w = Ipc.Write();
        w.SetMr(0, 1);
        w.SetMr(0, 2);
    }

    /// <summary>Negative control: the same poll through a plain pointer (the compiler may read once and spin).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong PlainPoll(ulong* shared)
    {
        while (*shared == 0)
        {
        }

        return *shared;
    }

    /// <summary>Negative control: two plain stores to the same word (the compiler may keep only the second).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void PlainStores(ulong* shared)
    {
        *shared = 1;
        *shared = 2;
    }
}
