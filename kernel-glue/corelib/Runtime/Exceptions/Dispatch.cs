// throw, rethrow and the runtime's own failures: the two-pass search for a handler, finally blocks, and the resume.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Internal.Runtime.Exceptions;

/// <summary>The exception machinery's words in platform memory (runtime.S: <c>smos_exception_state</c>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ExceptionState
{
    public nint MethodTable;
    public nint MethodCount;

    /// <summary>The innermost handler funclet running now (a <see cref="FuncletCall"/> on the stack), or 0.</summary>
    public nint Active;

    /// <summary>1 while a runtime failure makes its exception object (an out-of-memory there is a panic).</summary>
    public nint MakingFailure;

    /// <summary>Null-reference faults dispatched since execution last resumed in a handler (a runaway guard).</summary>
    public nint NullFaults;

    public static ExceptionState* Get() => (ExceptionState*)State();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_exception_state")]
    private static extern void* State();
}

/// <summary>A handler funclet being run: for an exception thrown inside it, the search goes on in its parent frame.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FuncletCall
{
    public nint Previous;
    public object? Exception;
    public RegisterContext Parent;
    public int ClauseIndex;
}

/// <summary>
/// Where a search continues after leaving a funclet: past the clause that ran it and past the clauses right after it
/// with the same try range (the other handlers of that try). ILC separates different try blocks that share native
/// offsets with empty fault clauses, which end the run.
/// </summary>
internal struct ClauseSkip
{
    private readonly int _through;
    private bool _skipping;
    private uint _start;
    private uint _end;

    public ClauseSkip(int through)
    {
        _through = through;
        _skipping = through >= 0;
        _start = 0;
        _end = 0;
    }

    public bool Skips(int index, in EhClause clause)
    {
        if (!_skipping)
        {
            return false;
        }

        if (index <= _through)
        {
            _start = clause.TryStart;
            _end = clause.TryEnd;
            return true;
        }

        if (clause.TryStart == _start && clause.TryEnd == _end)
        {
            return true;
        }

        _skipping = false;
        return false;
    }
}

/// <summary>
/// Exception dispatch as NativeAOT does it, with ILC's unwind and EH data. Pass 1 walks the frames from the throw site
/// up, and in each looks for a clause whose try range holds the frame's call site: a typed catch whose type the
/// exception is, or a filter funclet that answers true. Pass 2 walks again, running each fault/finally funclet on the
/// way (the handler frame's inner ones too), then runs the catch funclet, which returns where to continue; the
/// handler frame's registers are restored and execution resumes there. Funclets run with the parent frame's x29 and
/// callee-saved registers (runtime.S <c>smos_call_funclet</c>). A throw inside a funclet searches the funclet's own
/// clauses, then continues in the parent frame after the clause whose handler it was. No handler: the process ends
/// with the exception's message as its panic (the root task's FAULT report), or the root task panics.
/// </summary>
internal static unsafe class Dispatch
{
    private const int MaxFrames = 4096;

    [RuntimeExport("smos_dispatch_exception")]
    private static void DispatchException(object? exception, RegisterContext* throwSite, int rethrow)
    {
        if (rethrow != 0)
        {
            var active = (FuncletCall*)ExceptionState.Get()->Active;
            exception = active != null ? active->Exception : null;
        }

        if (exception is null)
        {
            exception = new NullReferenceException();
        }

        RegisterContext frame = *throwSite;
        if (!FindHandler(exception, ref frame, out int handlerDepth, out EhClause handler, out int handlerIndex))
        {
            Unhandled(exception, throwSite);
            return;
        }

        // Pass 2: run finally/fault funclets up to the handler, then the catch funclet, then resume.
        frame = *throwSite;
        int skipFrom = -1;
        for (int depth = 0; depth <= handlerDepth; depth++)
        {
            if (!MethodIndex.Find(frame.Pc - 1, out FrameDescription fde, out int index))
            {
                break;
            }

            nint mainStart = MainStart(fde, index, out byte* ehInfo);
            if (ehInfo != null)
            {
                uint offset = (uint)(frame.Pc - 1 - mainStart);
                uint count = EhClauses.Count(ehInfo, out byte* cursor);
                var skip = new ClauseSkip(skipFrom);
                for (int i = 0; i < count; i++)
                {
                    EhClause clause = EhClauses.Next(ref cursor, mainStart);
                    if (depth == handlerDepth && i >= handlerIndex)
                    {
                        break;
                    }

                    if (!skip.Skips(i, clause) && clause.Kind == EhClause.Fault && offset >= clause.TryStart && offset < clause.TryEnd)
                    {
                        CallFunclet(exception, clause.Handler, ref frame, i, clause);
                    }
                }
            }

            if (depth == handlerDepth)
            {
                nint resume = CallFunclet(exception, handler.Handler, ref frame, handlerIndex, handler);
                frame.Pc = resume;

                // Funclet calls of abandoned dispatches (a funclet that threw) lie below the frame resumed.
                ExceptionState* state = ExceptionState.Get();
                while (state->Active != 0 && state->Active < frame.Sp)
                {
                    state->Active = ((FuncletCall*)state->Active)->Previous;
                }

                state->NullFaults = 0;
                Resume(&frame);
                return;
            }

            skipFrom = -1;
            if (!Unwind(ref frame, fde, ref skipFrom))
            {
                break;
            }
        }

        Unhandled(exception, throwSite);
    }

    // A failed runtime check (runtime.S THROW): the standard exception, with the short text the panics always had.
    [RuntimeExport("smos_dispatch_runtime_failure")]
    private static void DispatchRuntimeFailure(int code, RegisterContext* site)
    {
        ExceptionState* state = ExceptionState.Get();
        if (state->MakingFailure != 0)
        {
            if (code == 9)
            {
                Panic.FailAt(OutOfMemoryText, (nuint)site->Pc);
            }

            Panic.FailAt("a runtime check failed while making the exception of another"u8, (nuint)site->Pc);
        }

        state->MakingFailure = 1;
        Exception exception = code switch
        {
            1 => new IndexOutOfRangeException("index out of range"),
            2 => new NullReferenceException("null reference"),
            3 => new InvalidCastException("invalid cast"),
            4 => new OverflowException("arithmetic overflow"),
            5 => new DivideByZeroException("division by zero"),
            6 => new ArgumentOutOfRangeException(null, "argument out of range"),
            7 => new ArgumentException("invalid argument"),
            9 => new OutOfMemoryException(Heap.OutOfMemoryMessage(OutOfMemoryText)),
            11 => new ArrayTypeMismatchException("array type mismatch"),
            _ => new InvalidOperationException("runtime check failed"),
        };
        state->MakingFailure = 0;
        DispatchException(exception, site, 0);
    }

    // A read or write near address 0 (runtime.S smos_null_reference_fault, where the root task resumes the faulting
    // thread): a NullReferenceException from the faulting instruction. A fault in an assembly helper without unwind
    // information (interface dispatch, reference stores: leaf code that leaves lr and sp alone) is thrown from the
    // helper's call site. A fault while dispatching such faults again and again (a broken stack under the unwinder)
    // ends the process instead of looping.
    [RuntimeExport("smos_dispatch_null_fault")]
    private static void DispatchNullFault(RegisterContext* site)
    {
        ExceptionState* state = ExceptionState.Get();
        if (++state->NullFaults > MaxNestedNullFaults)
        {
            Panic.FailAt("null reference while dispatching a null-reference exception"u8, (nuint)site->Pc - 4);
        }

        if (!MethodIndex.Find(site->Pc - 1, out _, out _))
        {
            site->Pc = site->Lr;
        }

        DispatchRuntimeFailure(2, site);
    }

    private const int MaxNestedNullFaults = 16;

    /// <summary>
    /// What an OutOfMemoryException says when the heap has no describer or the grower was not asked (an app's says why
    /// its growth was refused, naming the quota: <see cref="Heap.SetOutOfMemoryDescriber"/>).
    /// </summary>
    public const string OutOfMemoryText = "out of memory: the heap is exhausted (the process's memory quota is used up)";

    // Pass 1.
    private static bool FindHandler(object exception, ref RegisterContext frame, out int depth, out EhClause found, out int foundIndex)
    {
        int skipFrom = -1;
        for (depth = 0; depth < MaxFrames; depth++)
        {
            if (frame.Pc == 0 || !MethodIndex.Find(frame.Pc - 1, out FrameDescription fde, out int index))
            {
                break;
            }

            nint mainStart = MainStart(fde, index, out byte* ehInfo);
            if (ehInfo != null)
            {
                uint offset = (uint)(frame.Pc - 1 - mainStart);
                uint count = EhClauses.Count(ehInfo, out byte* cursor);
                var skip = new ClauseSkip(skipFrom);
                for (int i = 0; i < count; i++)
                {
                    EhClause clause = EhClauses.Next(ref cursor, mainStart);
                    if (skip.Skips(i, clause))
                    {
                        continue;
                    }

                    if (offset < clause.TryStart || offset >= clause.TryEnd)
                    {
                        continue;
                    }

                    bool matches = clause.Kind == EhClause.Typed
                        ? TypeCast.IsInstanceOfAny(clause.CatchType, exception) is not null
                        : clause.Kind == EhClause.Filter && CallFilter(exception, clause.FilterFunclet, ref frame);
                    if (matches)
                    {
                        found = clause;
                        foundIndex = i;
                        return true;
                    }
                }
            }

            skipFrom = -1;
            if (!Unwind(ref frame, fde, ref skipFrom))
            {
                break;
            }
        }

        found = default;
        foundIndex = -1;
        return false;
    }

    // One frame up; leaving a handler funclet goes straight to its parent frame, past the clause that ran it.
    private static bool Unwind(ref RegisterContext frame, in FrameDescription fde, ref int skipFrom)
    {
        if (!EhFrame.Step(fde, ref frame))
        {
            return false;
        }

        if (IsFuncletReturn(frame.Pc))
        {
            var call = (FuncletCall*)ExceptionState.Get()->Active;
            while (call != null && (nint)call < frame.Sp)
            {
                call = (FuncletCall*)call->Previous;
            }

            if (call == null)
            {
                return false;
            }

            frame = call->Parent;
            skipFrom = call->ClauseIndex;
        }

        return true;
    }

    // For a funclet, the method it belongs to (clause offsets count from the method's start).
    private static nint MainStart(in FrameDescription fde, int index, out byte* ehInfo)
    {
        ehInfo = null;
        if (fde.Lsda == null)
        {
            return fde.Start;
        }

        byte* main = EhClauses.MainLsda(fde.Lsda);
        ehInfo = EhClauses.EhInfo(main);
        if (main == fde.Lsda)
        {
            return fde.Start;
        }

        for (int i = index - 1; i >= 0; i--)
        {
            if (MethodIndex.At(i, out FrameDescription candidate) && candidate.Lsda == main)
            {
                return candidate.Start;
            }
        }

        return fde.Start;
    }

    private static bool CallFilter(object exception, nint filter, ref RegisterContext frame)
    {
        FuncletCall call = default;
        Push(&call, exception, ref frame, -1, default);
        nint result = CallFuncletRaw(exception, filter, ref frame);
        Pop(&call);
        return (int)result != 0;
    }

    private static nint CallFunclet(object exception, nint funclet, ref RegisterContext frame, int clauseIndex, EhClause clause)
    {
        FuncletCall call = default;
        Push(&call, exception, ref frame, clauseIndex, clause);
        nint result = CallFuncletRaw(exception, funclet, ref frame);
        Pop(&call);
        return result;
    }

    private static void Push(FuncletCall* call, object exception, ref RegisterContext frame, int clauseIndex, EhClause clause)
    {
        ExceptionState* state = ExceptionState.Get();
        call->Previous = state->Active;
        call->Exception = exception;
        call->Parent = frame;
        call->ClauseIndex = clauseIndex;
        state->Active = (nint)call;
    }

    private static void Pop(FuncletCall* call) => ExceptionState.Get()->Active = call->Previous;

    private static nint CallFuncletRaw(object exception, nint funclet, ref RegisterContext frame)
    {
        fixed (RegisterContext* context = &frame)
        {
            return CallFuncletStub(exception, funclet, context);
        }
    }

    // No handler: the message, the exception's type and the callers' code addresses (each call instruction, up to the
    // first frame outside C#: the program's assembly entry) are the program's last words.
    private static void Unhandled(object exception, RegisterContext* throwSite)
    {
        nuint* frames = stackalloc nuint[Panic.MaxFrames];
        int count = 0;
        RegisterContext frame = *throwSite;
        int skipFrom = -1;
        while (count < Panic.MaxFrames && frame.Pc != 0 && MethodIndex.Find(frame.Pc - 1, out FrameDescription fde, out _) &&
               Unwind(ref frame, fde, ref skipFrom) && frame.Pc != 0 && MethodIndex.Find(frame.Pc - 1, out _, out _))
        {
            frames[count++] = (nuint)frame.Pc - 4;
        }

        string? message = exception is Exception e ? e.Message : null;
        Span<byte> buffer = stackalloc byte[Panic.MaxTextBytes];
        var text = new PanicText(buffer);
        text.Append(message ?? "unhandled exception");
        // The throw site's pc is a return address (after the call to the throw helper, or after the faulting load of a
        // null reference): the instruction before it is the one that threw, so its source line is the throwing line.
        Panic.FailWith(text.Written, (nuint)throwSite->Pc - 4, (nint)exception.m_pEEType, new ReadOnlySpan<nuint>(frames, count));
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_call_funclet")]
    private static extern nint CallFuncletStub(object exception, nint funclet, RegisterContext* parent);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_resume_frame")]
    private static extern void Resume(RegisterContext* frame);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_is_funclet_return")]
    private static extern bool IsFuncletReturn(nint pc);
}
