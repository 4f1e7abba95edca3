// Runtime entry points ILC-generated code calls by name; without a GC or threads most are no-ops.
using System.Runtime;

namespace Internal.Runtime;

internal static unsafe class Exports
{
    [RuntimeExport("RhpReversePInvoke")]
    private static void RhpReversePInvoke(nint frame)
    {
    }

    [RuntimeExport("RhpReversePInvokeReturn")]
    private static void RhpReversePInvokeReturn(nint frame)
    {
    }

    [RuntimeExport("RhpPInvoke")]
    private static void RhpPInvoke(nint frame)
    {
    }

    [RuntimeExport("RhpPInvokeReturn")]
    private static void RhpPInvokeReturn(nint frame)
    {
    }

    [RuntimeExport("RhpGcPoll")]
    private static void RhpGcPoll()
    {
    }
}
