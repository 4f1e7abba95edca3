// soak: 10,000 spawn/exit rounds: 8 in 10 children exit with a code, 1 in 10 faults at a random point, 1 in 10 is killed in a call.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// The `soak` demo (issue 15, item 7). <c>soak [ROUNDS]</c> (default 10,000) runs that many spawn/exit rounds, keeping
/// <see cref="InFlight"/> children alive at once. In each block of ten rounds a seeded generator picks one child that
/// faults and one that is killed while it is blocked in a call to <c>soak server</c>; the other eight exit with a code
/// the generator picks. Each child first does some work at a random point (nothing, computing, calls to the server with
/// its connection left open, pages and heap allocated, a deep stack) and then ends as told: the parent checks every
/// code Wait returns (the exit code, <see cref="ExitCodes.Faulted"/> or <see cref="ExitCodes.UncaughtException"/> for the
/// fault's kind, <see cref="ExitCodes.Killed"/>), asks the server what it held and answered (it must keep serving),
/// and compares its own usage (the root task's ps) before and after: everything must be back. Exits 0 when all held.
/// <c>soak server</c> publishes "soak-srv": it answers pings, and keeps the reply capability of a hold call
/// (CNode_SaveCaller) without answering until the caller's connection closes (its Closed event), then deletes it.
/// <c>soak child END POINT K X</c> is a child (END: exit, fault or hold; X: the exit code or the fault's kind).
/// </summary>
public static unsafe class Soak
{
    /// <summary>Children alive at once.</summary>
    public const int InFlight = 4;

    private const ulong Seed = 0x5eed_0015_0007_2026;
    private const ulong PingLabel = 1;
    private const ulong HoldLabel = 2;
    private const ulong HeldLabel = 3;
    private const ulong StatsLabel = 4;
    private const int Points = 5;
    private const int FaultKinds = 5;
    private const int MaxHeldPolls = 200_000;

    private static int _failures;

    // Keeps work and allocations of a child observable, so the compiler drops none of them.
    private static ulong _sink;
    private static byte[]? _kept;
    private static Holder? _nobody;

    private enum End : byte
    {
        Exit,
        Fault,
        Hold,
    }

    public static int Main(string[] args)
    {
        ReadOnlySpan<byte> mode = Args.Count > 1 ? Args.Get(1) : default;
        if (Ascii.Equal(mode, "server"u8))
        {
            return Serve();
        }

        if (Ascii.Equal(mode, "child"u8))
        {
            return Child();
        }

        long rounds = 10_000;
        if (Args.Count > 1 && (!Args.TryGetNumber(1, out rounds) || rounds <= 0 || rounds > 1_000_000))
        {
            Console.WriteLine("usage: soak [ROUNDS] | soak server | soak child END POINT K X");
            return 2;
        }

        return Parent(rounds);
    }

    private static int Parent(long rounds)
    {
        if (Connections.OpenWhenPublished("soak-srv"u8, out Connection server) != RootError.Ok)
        {
            Console.WriteLine("soak: could not open soak-srv");
            return 1;
        }

        // Our own heap starts as the 8 KiB in .bss and grows by 64 KiB chunks (the first one with the page table of the
        // heap region), collecting only after 256 KiB were allocated: grow it once now, so the loop's few lines of text
        // fit in it and the usage compared at the end is what the children and the root task left, not our collector's.
        // (Without this, the 10,000 rounds' lines crossed the 8 KiB in some runs: 17 more pages and slots at the end.)
        long heapAtStart = GC.GetGCMemoryInfo().HeapSizeBytes;
        for (long initial = heapAtStart; heapAtStart == initial; heapAtStart = GC.GetGCMemoryInfo().HeapSizeBytes)
        {
            _kept = new byte[256]; // small objects until the heap grows its first chunk (about 30 of them)
        }

        _kept = null;

        ProcessInfo start = Me();
        var pids = new ulong[InFlight];
        var expected = new long[InFlight];
        var ends = new End[InFlight];
        int head = 0;
        int count = 0;
        ulong rng = Seed;
        long spawned = 0;
        long done = 0;
        long exited = 0;
        long faulted = 0;
        long killed = 0;
        int faultAt = 0;
        int killAt = 0;
        Span<byte> blob = stackalloc byte[96];
        while (done < rounds)
        {
            // Keep InFlight children alive: in each block of ten rounds one faults and one is killed in a call.
            while (count < InFlight && spawned < rounds)
            {
                if (spawned % 10 == 0)
                {
                    faultAt = (int)(Next(ref rng) % 10);
                    killAt = (faultAt + 1 + (int)(Next(ref rng) % 9)) % 10;
                }

                int position = (int)(spawned % 10);
                End end = position == faultAt ? End.Fault : position == killAt ? End.Hold : End.Exit;
                int point = (int)(Next(ref rng) % Points);
                long k = (long)(Next(ref rng) % 4000);
                long x = end == End.Exit ? (long)(Next(ref rng) % 251) : end == End.Fault ? (long)(Next(ref rng) % FaultKinds) : 0;
                int used = ChildArgs(blob, end, point, k, x);
                RootError e = Process.Spawn("soak"u8, blob.Slice(0, used), out ulong pid);
                spawned++;
                if (e != RootError.Ok)
                {
                    Fail(spawned - 1, 0, $"spawn refused: {ProcessAbi.Describe(e)}");
                    done++;
                    continue;
                }

                int at = (head + count) % InFlight;
                pids[at] = pid;
                ends[at] = end;
                expected[at] = end == End.Exit ? x : end == End.Fault ? FaultCode((int)x) : ExitCodes.Killed;
                count++;
            }

            if (count == 0)
            {
                continue;
            }

            // The oldest child: a held one is killed once the server holds its call; then Wait must say how it ended.
            ulong oldest = pids[head];
            if (ends[head] == End.Hold)
            {
                if (!WaitHeld(server, oldest))
                {
                    Fail(done, oldest, "the server never held its call");
                }

                RootError ke = Process.Kill(oldest);
                if (ke != RootError.Ok)
                {
                    Fail(done, oldest, $"Kill refused: {ProcessAbi.Describe(ke)}");
                }
            }

            RootError we = Process.Wait(oldest, out long code);
            if (we != RootError.Ok || code != expected[head])
            {
                Fail(done, oldest, we != RootError.Ok ? $"Wait refused: {ProcessAbi.Describe(we)}" : $"Wait returned {code}, expected {expected[head]}");
            }

            exited += ends[head] == End.Exit ? 1 : 0;
            faulted += ends[head] == End.Fault ? 1 : 0;
            killed += ends[head] == End.Hold ? 1 : 0;
            head = (head + 1) % InFlight;
            count--;
            done++;
            if (done % 1000 == 0)
            {
                Console.WriteLine($"soak: {done} rounds ({exited} exited, {faulted} faulted, {killed} killed in a call), {_failures} failures");
            }
        }

        // The server must still be serving, and hold no call now: every held caller was killed and its reply dropped.
        var stats = new FastMessage(0, 0, 0, 0);
        MessageInfo reply = server.Endpoint.Call(new MessageInfo(StatsLabel, 0, 0, 0), ref stats);
        bool serverOk = reply.Label == 0 && stats.Mr0 == (ulong)killed && stats.Mr1 == (ulong)killed && stats.Mr3 == 0;
        Console.WriteLine($"soak server: held {stats.Mr0} calls without a reply until their callers were killed, dropped {stats.Mr1} of them, " +
            $"holds {stats.Mr3} now; {stats.Mr2} requests served");
        if (!serverOk)
        {
            Fail(done, 0, "the server's counts are wrong");
        }

        // No child is left (the ps lists none of ours), and our usage is back where it started.
        int left = 0;
        foreach (ProcessInfo p in Process.List())
        {
            left += p.ParentPid == Process.Pid ? 1 : 0;
        }

        ProcessInfo end0 = Me();
        bool back = left == 0;
        for (int k = 0; k < ProcessQuota.Words; k++)
        {
            back &= end0.Used.Get((QuotaKind)k) == start.Used.Get((QuotaKind)k) && end0.Given.Get((QuotaKind)k) == start.Given.Get((QuotaKind)k);
        }

        long heapAtEnd = GC.GetGCMemoryInfo().HeapSizeBytes;
        Console.WriteLine($"soak: ps before: {Usage(start)}; after: {Usage(end0)}; {left} children left");
        if (!back)
        {
            Fail(done, 0, heapAtEnd != heapAtStart ?
                $"usage did not come back to the start, and our own heap grew from {heapAtStart} to {heapAtEnd} bytes meanwhile (the usage then includes its chunk)" :
                "usage did not come back to the start");
        }

        Connections.Close(server);
        bool pass = _failures == 0 && exited + faulted + killed == rounds;
        Console.WriteLine($"soak: {rounds} rounds ({exited} exited, {faulted} faulted, {killed} killed in a call), usage back to the start: " +
            (pass ? "PASS" : $"FAIL ({_failures} failures)"));
        return pass ? 0 : 1;
    }

    // Asks the server whether it holds a call of `pid`, until it does (the child may not have called yet).
    private static bool WaitHeld(in Connection server, ulong pid)
    {
        for (int i = 0; i < MaxHeldPolls; i++)
        {
            var m = new FastMessage(pid, 0, 0, 0);
            MessageInfo reply = server.Endpoint.Call(new MessageInfo(HeldLabel, 0, 0, 1), ref m);
            if (reply.Label == 0 && m.Mr0 == 1)
            {
                return true;
            }

            Scheduler.Yield();
        }

        return false;
    }

    private static void Fail(long round, ulong pid, string what)
    {
        if (++_failures <= 10)
        {
            Console.WriteLine($"soak: FAIL round {round} (pid {pid}): {what}");
        }
    }

    private static string Usage(ProcessInfo p) =>
        $"memory {p.Used.Memory} slots {p.Used.Slots} children {p.Used.Children} connections {p.Used.Connections} given memory {p.Given.Memory} slots {p.Given.Slots} children {p.Given.Children}";

    private static ProcessInfo Me() =>
        Process.TryGetInfo(Process.Pid, out ProcessInfo? me) == RootError.Ok ? me! : throw new InvalidOperationException("no entry for our own pid");

    // xorshift64*: the same rounds on every boot.
    private static ulong Next(ref ulong state)
    {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return (state * 0x2545F4914F6CDD1DUL) >> 16;
    }

    // What Wait returns for each fault kind: a VM fault or an undefined instruction is a fault the root task ends;
    // a null dereference, a throw and an index out of range are exceptions nobody catches.
    private static long FaultCode(int kind) => kind is 0 or 3 ? ExitCodes.Faulted : ExitCodes.UncaughtException;

    // "child END POINT K X" as NUL-terminated words.
    private static int ChildArgs(Span<byte> blob, End end, int point, long k, long x)
    {
        int n = Word(blob, 0, "child"u8);
        n = Word(blob, n, end == End.Exit ? "exit"u8 : end == End.Fault ? "fault"u8 : "hold"u8);
        n = Word(blob, n, point switch { 0 => "start"u8, 1 => "work"u8, 2 => "call"u8, 3 => "alloc"u8, _ => "stack"u8 });
        n = Number(blob, n, k);
        return Number(blob, n, x);
    }

    private static int Word(Span<byte> blob, int at, ReadOnlySpan<byte> word)
    {
        word.CopyTo(blob.Slice(at));
        blob[at + word.Length] = 0;
        return at + word.Length + 1;
    }

    private static int Number(Span<byte> blob, int at, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        int n = 0;
        do
        {
            digits[n++] = (byte)('0' + (value % 10));
            value /= 10;
        }
        while (value > 0);

        for (int i = 0; i < n; i++)
        {
            blob[at + i] = digits[n - 1 - i];
        }

        blob[at + n] = 0;
        return at + n + 1;
    }

    // A child: work at its point, then end as told (an exit code, a fault of kind X, or a call the server holds).
    private static int Child()
    {
        ReadOnlySpan<byte> end = Args.Get(2);
        ReadOnlySpan<byte> point = Args.Get(3);
        if (!Args.TryGetNumber(4, out long k) || !Args.TryGetNumber(5, out long x))
        {
            return 2;
        }

        var child = new ChildRun { K = k, X = x, End = Ascii.Equal(end, "exit"u8) ? End.Exit : Ascii.Equal(end, "fault"u8) ? End.Fault : End.Hold };
        if (Ascii.Equal(point, "work"u8))
        {
            ulong h = (ulong)k;
            for (long i = 0; i < k * 10; i++)
            {
                h = (h * 6364136223846793005UL) + 1442695040888963407UL;
            }

            _sink = h;
        }
        else if (Ascii.Equal(point, "call"u8))
        {
            // Calls to the server; the connection stays open to the end, whatever the end is.
            if (!child.Open())
            {
                return 4;
            }

            for (long i = 0; i <= k % 8; i++)
            {
                var m = new FastMessage((ulong)i, 0, 0, 0);
                MessageInfo reply = child.Server.Endpoint.Call(new MessageInfo(PingLabel, 0, 0, 1), ref m);
                if (reply.Label != 0 || m.Mr0 != (ulong)i + 1)
                {
                    return 5;
                }
            }
        }
        else if (Ascii.Equal(point, "alloc"u8))
        {
            // Pages from the root task, every one touched, and heap blocks: all held at the end.
            int pages = 1 + (int)(k % 16);
            if (Memory.AllocPages(pages, out nuint at) != RootError.Ok)
            {
                return 6;
            }

            for (int i = 0; i < pages; i++)
            {
                Volatile.Write(ref *(byte*)(at + ((nuint)i * Memory.PageSize)), (byte)i);
            }

            _kept = new byte[1 + ((k % 48) * 1024)];
            _kept[_kept.Length - 1] = 1;
        }
        else if (Ascii.Equal(point, "stack"u8))
        {
            // The end comes at the bottom of a recursion: stack pages mapped on first touch are held.
            return Deep(1 + (int)(k % 48), child);
        }

        return child.Finish();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Deep(int depth, ChildRun child)
    {
        Span<byte> frame = stackalloc byte[512];
        frame[depth % 512] = (byte)depth;
        int result = depth == 0 ? child.Finish() : Deep(depth - 1, child);
        return result + frame[depth % 512] - (byte)depth;
    }

    private sealed class ChildRun
    {
        public long K;
        public long X;
        public End End;
        public Connection Server;
        private bool _open;

        public bool Open()
        {
            _open = _open || Connections.OpenWhenPublished("soak-srv"u8, out Server) == RootError.Ok;
            return _open;
        }

        public int Finish()
        {
            switch (End)
            {
                case End.Exit:
                    if ((X & 1) != 0)
                    {
                        Process.Exit((int)X);
                    }

                    return (int)X;
                case End.Fault:
                    return Fault((int)X, K);
                default:
                    if (!Open())
                    {
                        return 7;
                    }

                    // Blocked here until the parent kills us: the server keeps the reply capability and never answers.
                    var m = new FastMessage(Process.Pid, 0, 0, 0);
                    Server.Endpoint.Call(new MessageInfo(HoldLabel, 0, 0, 1), ref m);
                    return 8;
            }
        }
    }

    private static int Fault(int kind, long k)
    {
        switch (kind)
        {
            case 0:
                // A VM fault far from 0: the root task reports it and ends the process (Faulted).
                return (int)Volatile.Read(ref *(ulong*)0xdead_0000);
            case 1:
                // A null dereference: the runtime throws a NullReferenceException nobody catches.
                return _nobody!.Count;
            case 2:
                throw new InvalidOperationException("soak: a child fails on purpose");
            case 3:
                UndefinedInstruction();
                return 9;
            default:
                int[] values = new int[4];
                return values[4 + (int)(k % 4)];
        }
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_test_undefined_instruction")]
    private static extern void UndefinedInstruction();

    private static int Serve()
    {
        if (Connections.Publish("soak-srv"u8, out Publication publication) != RootError.Ok)
        {
            Console.WriteLine("soak server: could not publish soak-srv");
            return 1;
        }

        Server.Run(publication, new Holder());
        return 0;
    }

    // The server: pings answered at once; a hold call's reply capability saved and never used, deleted when the
    // caller's connection closes; "is pid held?" and the counts for the parent.
    private sealed class Holder : FastRequestHandler
    {
        private const int MaxHeld = 16;
        private readonly ulong[] _badges = new ulong[MaxHeld];
        private readonly ulong[] _pids = new ulong[MaxHeld];
        private readonly ulong[] _slots = new ulong[MaxHeld];
        private int _held;
        private ulong _taken;
        private ulong _dropped;
        private ulong _served;

        public int Count => _held;

        public override MessageInfo Handle(ulong badge, MessageInfo request, ref FastMessage m)
        {
            _served++;
            switch (request.Label)
            {
                case PingLabel:
                    m.Mr0++;
                    return new MessageInfo(0, 0, 0, 1);
                case HoldLabel:
                    if (_held < MaxHeld && CapSpace.TryAlloc(out ulong slot))
                    {
                        if (new CNode(CapSlots.SelfCNode, 64).SaveCaller(slot).IsOk)
                        {
                            _badges[_held] = badge;
                            _pids[_held] = m.Mr0;
                            _slots[_held++] = slot;
                            _taken++;
                            return new MessageInfo(0, 0, 0, 0); // goes nowhere: the reply capability is saved
                        }

                        CapSpace.Free(slot);
                    }

                    return new MessageInfo(1, 0, 0, 0); // not held: the caller is answered (and the parent notices)
                case HeldLabel:
                    ulong held = 0;
                    for (int i = 0; i < _held; i++)
                    {
                        held |= _pids[i] == m.Mr0 ? 1UL : 0;
                    }

                    m.Mr0 = held;
                    return new MessageInfo(0, 0, 0, 1);
                case StatsLabel:
                    m = new FastMessage(_taken, _dropped, _served, (ulong)_held);
                    return new MessageInfo(0, 0, 0, 4);
                default:
                    return new MessageInfo(2, 0, 0, 0);
            }
        }

        public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
        {
            if (kind != ConnectionEvent.Closed)
            {
                return;
            }

            // The caller of a held call is gone: its reply capability went with it, the slot is ours to reuse.
            for (int i = 0; i < _held; i++)
            {
                if (_badges[i] == badge)
                {
                    CapSpace.Delete(_slots[i]);
                    _held--;
                    _badges[i] = _badges[_held];
                    _pids[i] = _pids[_held];
                    _slots[i] = _slots[_held];
                    _dropped++;
                    return;
                }
            }
        }
    }
}
