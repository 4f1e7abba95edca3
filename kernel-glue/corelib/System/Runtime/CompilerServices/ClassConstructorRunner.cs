// Runs a static constructor on the first use of its type: ILC calls these helpers where it could not preinitialize a type.
using System.Runtime.InteropServices;
using System.Threading;

namespace System.Runtime.CompilerServices;

/// <summary>
/// ILC's contract for a type whose static constructor could not be run at compile time (preinitialization): one per
/// type, in the module's data, holding the constructor's address until it has run (then 0).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct StaticClassConstructionContext
{
    /// <summary>The static constructor's code; 0 once it has run (<see cref="ClassConstructorRunner.Running"/> while it runs).</summary>
    public nint cctorMethodAddress;
}

/// <summary>
/// Runs static constructors. Because this class exists, ILC compiles a check before each use of a type whose static
/// constructor it could not preinitialize (its statics, its static methods, a new instance) and calls here while the
/// context still holds the constructor's address. The constructor runs once: the first caller marks the context
/// <see cref="Running"/>, runs it and clears it. A use of the type while its constructor runs (from the constructor
/// itself, a cycle of constructors, or another thread of the process) goes on without waiting, as .NET does for the
/// first two; another thread may so see statics the constructor has not set yet (docs/runtime.md). An exception the
/// constructor throws reaches the use that ran it; the type counts as initialized after it.
/// </summary>
internal static unsafe class ClassConstructorRunner
{
    /// <summary>The context's value while its constructor runs (no code lives at address 1).</summary>
    internal const nint Running = 1;

    private static object CheckStaticClassConstructionReturnGCStaticBase(StaticClassConstructionContext* context, object gcStaticBase)
    {
        EnsureClassConstructorRun(context);
        return gcStaticBase;
    }

    private static nint CheckStaticClassConstructionReturnNonGCStaticBase(StaticClassConstructionContext* context, nint nonGcStaticBase)
    {
        EnsureClassConstructorRun(context);
        return nonGcStaticBase;
    }

    private static object CheckStaticClassConstructionReturnThreadStaticBase(void* moduleData, int typeTlsIndex, StaticClassConstructionContext* context)
    {
        object threadStaticBase = Internal.Runtime.ThreadStatics.GetThreadStaticBaseForType(moduleData, typeTlsIndex);
        EnsureClassConstructorRun(context);
        return threadStaticBase;
    }

    /// <summary>Runs the constructor of <paramref name="context"/>'s type unless it has run or is running.</summary>
    public static void EnsureClassConstructorRun(StaticClassConstructionContext* context)
    {
        nint cctor = Volatile.Read(ref context->cctorMethodAddress);
        if (cctor == 0 || cctor == Running || Interlocked.CompareExchange(ref context->cctorMethodAddress, Running, cctor) != cctor)
        {
            return;
        }

        try
        {
            ((delegate*<void>)cctor)();
        }
        finally
        {
            Volatile.Write(ref context->cctorMethodAddress, 0);
        }
    }
}
