// Capability slots as two distinct types: a slot of the root task's CNode and a slot of a process's CNode never mix.
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// A slot of the root task's own CSpace, addressed by its cptr with depth 64 (docs/sel4-abi.md, "Capability
/// addresses (cptrs) and CNode guards"): cptr = (second-level CNode &lt;&lt; 12) | slot, where CNode 0 is the boot CNode, so
/// the boot CNode's slot numbers are their cptrs (docs/architecture.md, "The root task's CSpace"). The default value,
/// cptr 0 (seL4_CapNull, never handed out), means "none". Passing one where a
/// <see cref="ProcessSlot"/> is expected, or a bare number where either is expected, does not compile; only the
/// kernel adapters (Platform/Sel4Kernel and the host simulator) read <see cref="Index"/> to build an invocation.
/// </summary>
public readonly struct RootSlot
{
    /// <summary>The root task's cptr for the slot.</summary>
    public readonly ulong Index;

    public RootSlot(ulong index) => Index = index;

    /// <summary>No slot (slot 0).</summary>
    public static RootSlot None => default;

    /// <summary>True for slot 0, "no slot".</summary>
    public bool IsNone => Index == 0;

    /// <summary>True for any slot but slot 0.</summary>
    public bool IsSome => Index != 0;

    /// <summary>The slot <paramref name="count"/> places after this one (object i of a multi-object retype).</summary>
    public RootSlot Plus(int count) => new(Index + (ulong)count);

    /// <summary>True when both name the same slot.</summary>
    public bool Is(RootSlot other) => Index == other.Index;
}

/// <summary>
/// A slot of a process's CNode: the cptr the process itself uses for the capability (its CSpace is one CNode whose
/// guard makes cptr == slot; docs/architecture.md, "Capabilities of a process"). The root task only ever writes into these slots
/// (CNode copies into the process's CNode, the fault endpoint a thread is configured with); it never invokes them.
/// </summary>
public readonly struct ProcessSlot
{
    /// <summary>The slot number in the process's CNode (the process's cptr).</summary>
    public readonly ulong Index;

    public ProcessSlot(ulong index) => Index = index;

    /// <summary>True when both name the same slot.</summary>
    public bool Is(ProcessSlot other) => Index == other.Index;
}

/// <summary>The root task's own initial capabilities (seL4's fixed initial slots, <see cref="InitialCaps"/>) as root slots.</summary>
public static class InitialSlots
{
    public static RootSlot Tcb => new(InitialCaps.InitThreadTcb);

    public static RootSlot VSpace => new(InitialCaps.InitThreadVSpace);
}
