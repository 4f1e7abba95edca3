// The part of app start-up shared by seL4 and the host: how the heap grows with pages from the root task and gives them back (the entry point is AppRuntime.Target.cs).
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// The C# half of an app's start: kernel-glue/arch/aarch64/app_start.S zeroes .bss and sets up the module statics, then
/// calls <c>smos_app_start</c> with the start-info page, which calls the app's <c>Main</c> (an ordinary
/// <c>static int Main(string[] args)</c>, <c>void Main()</c> or top-level statements in an Exe project: ILC's
/// <c>__managed__Main</c>). Its return value is the exit code (<see cref="Process.Exit"/>). When the heap's .bss part is used up it grows
/// with pages from the root task (<see cref="HeapGrowthPages"/> at a time, or what one allocation needs), and a
/// collection may give a grown chunk it left wholly free back. When the root task refuses a growth the allocation fails
/// with an OutOfMemoryException that says why (<see cref="DescribeHeapFailure"/>). The entry is seL4's only
/// (AppRuntime.Target.cs); the heap's grower, releaser and describer are shared with the host build, whose tests call them.
/// </summary>
public static unsafe partial class AppRuntime
{
    /// <summary>Pages the heap grows by when its .bss part (kernel-glue/arch/aarch64/app.ld) is used up.</summary>
    public const int HeapGrowthPages = 16;

    // The heap's grower: zeroed pages from the root task (Alloc, in the heap region, charged to the memory and slot
    // quotas), 16 at a time or what one allocation needs (one request of any size: a 4 MiB array is one grant of about 1,060
    // pages); when the quota cannot give 16, exactly what is needed. A refusal is kept for the OutOfMemoryException's
    // message. It runs inside an allocation: it must not allocate (RootCall does not), and it fails (a panic for the
    // allocation) if an IPC-buffer scope is open, because the request is a system call. On the host the heap is the
    // host's, so only host tests call it (as the runtime's heap would).
    internal static nint GrowHeap(nuint minBytes, nuint* chunkBytes)
    {
        *chunkBytes = 0;
        ulong needed = ((ulong)minBytes + ProcessAbi.PageSize - 1) / ProcessAbi.PageSize;
        if (needed > (ulong)ProcessAbi.HeapRegionPages)
        {
            AppState.HeapRefusal = RootError.BadArgument; // more than the whole heap region: not worth a request
            return 0;
        }

        int pages = needed > HeapGrowthPages ? (int)needed : HeapGrowthPages;
        RootError e = Memory.AllocPages(pages, out nuint at);
        if (e != RootError.Ok && pages > (int)needed)
        {
            pages = (int)needed;
            e = Memory.AllocPages(pages, out at);
        }

        if (e != RootError.Ok)
        {
            AppState.HeapRefusal = e;
            return 0;
        }

        AppState.HeapPages += pages;
        *chunkBytes = (nuint)pages * (nuint)ProcessAbi.PageSize;
        return (nint)at;
    }

    /// <summary>
    /// The heap's describer (corelib <c>Heap.SetOutOfMemoryDescriber</c>): the message of the OutOfMemoryException an
    /// allocation throws when the root task refused the growth it needed, e.g. <c>out of memory: the heap could not grow
    /// by 8659376 bytes: the memory quota (4194304) is used up</c> (the quota named as <see cref="Process.Describe"/>
    /// names it, its size from this process's entry in the process list). Writes at most <paramref name="capacity"/>
    /// bytes of ASCII to <paramref name="text"/> and returns how many. Makes no allocation (one ListProcesses request
    /// for a quota's size).
    /// </summary>
    internal static int DescribeHeapFailure(nuint bytes, byte* text, int capacity)
    {
        var w = new AsciiWriter(new System.Span<byte>(text, capacity));
        w.Append("out of memory: the heap could not grow by ");
        w.Append(bytes);
        w.Append(" bytes: ");
        RootError e = AppState.HeapRefusal;
        if (ProcessQuota.IsQuotaError(e, out QuotaKind kind))
        {
            w.Append("the ");
            w.Append(ProcessQuota.Name(kind));
            w.Append(" quota");
            if (OwnQuota(kind, out ulong quota))
            {
                w.Append(" (");
                w.Append(quota);
                w.Append(")");
            }

            w.Append(" is used up");
        }
        else if (e == RootError.BadArgument)
        {
            w.Append("more than the whole heap region (");
            w.Append((ulong)ProcessAbi.HeapRegionPages * ProcessAbi.PageSize);
            w.Append(" bytes)");
        }
        else
        {
            w.Append(ProcessAbi.Describe(e));
        }

        return w.Length;
    }

    // This process's quota of `kind` from its entry in the process list, without allocating.
    private static bool OwnQuota(QuotaKind kind, out ulong quota)
    {
        quota = 0;
        System.Span<ulong> words = stackalloc ulong[1 + ListProcessesRequest.MaxReplyWords];
        if (RootCall.ListProcesses(AppState.Pid, words, out System.ReadOnlySpan<ulong> page) != RootError.Ok ||
            ListProcessesRequest.DecodeReply(page, out _, out int count) != RootError.Ok || count == 0)
        {
            return false;
        }

        ProcessEntry me = ListProcessesRequest.DecodeEntry(page, 0);
        quota = me.Quota.Get(kind);
        return me.Pid == AppState.Pid;
    }

    // ASCII text into a fixed buffer; what does not fit is dropped.
    private ref struct AsciiWriter(System.Span<byte> buffer)
    {
        private readonly System.Span<byte> _buffer = buffer;

        public int Length { get; private set; }

        public void Append(string ascii)
        {
            for (int i = 0; i < ascii.Length && Length < _buffer.Length; i++)
            {
                _buffer[Length++] = (byte)ascii[i];
            }
        }

        public void Append(ulong value)
        {
            System.Span<byte> digits = stackalloc byte[20];
            int n = 0;
            do
            {
                digits[n++] = (byte)('0' + (value % 10));
                value /= 10;
            }
            while (value != 0);

            while (n > 0 && Length < _buffer.Length)
            {
                _buffer[Length++] = digits[--n];
            }
        }
    }

    // The heap's releaser: a chunk the grower returned (so exactly one Alloc grant) goes back with Free. It runs inside a
    // collection, which may run inside an allocation: it must not allocate (RootCall does not). The grower makes its
    // request whatever the scopes and so stops the thread when an IPC-buffer scope is open; giving back can wait, so the
    // releaser checks first and, inside a scope, keeps the chunk (the heap then tries no other chunk this collection).
    internal static bool ReleaseHeap(nint start, nuint bytes)
    {
        if (IpcGuard.TryEnterSystemCall(out _) != IpcViolation.None)
        {
            return false;
        }

        int pages = (int)(bytes / ProcessAbi.PageSize);
        if (Memory.FreePages((nuint)start, pages) != RootError.Ok)
        {
            return false;
        }

        AppState.HeapPages -= pages;
        return true;
    }
}
