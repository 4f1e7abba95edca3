// The state of one simulated seL4 object, shared by every capability to it (mappings, thread, notification, CNode).
using System.Collections.Generic;
using Smos.Sel4;

namespace Smos.RootTask.Tests;

/// <summary>A simulated kernel object. Only the fields of its <see cref="Type"/> are used.</summary>
public sealed class SimObject
{
    public SimObject(ObjectType type, int cnodeSlotBits)
    {
        Type = type;
        SlotBits = cnodeSlotBits;
    }

    public ObjectType Type { get; }

    /// <summary>Live capabilities naming this object; the object is destroyed when the last one goes.</summary>
    public int Caps { get; set; }

    public bool Destroyed { get; set; }

    // CNode
    public int SlotBits { get; }

    public Dictionary<ulong, SimCap> Contents { get; } = new();

    // Frame
    private byte[]? _memory;

    /// <summary>A frame's 4 KiB, zeroed when created (pinned, so the root task's code can hold pointers into it).</summary>
    public byte[] Memory => _memory ??= System.GC.AllocateArray<byte>(4096, pinned: true);

    // VSpace
    public bool HasAsid { get; set; }

    /// <summary>Page tables by (level, base address).</summary>
    public Dictionary<(int Level, ulong Base), SimCap> Tables { get; } = new();

    /// <summary>Frame caps by page address.</summary>
    public Dictionary<ulong, SimCap> Pages { get; } = new();

    // TCB
    public bool Configured { get; set; }

    public ulong FaultEndpoint { get; set; }

    public SimObject? CSpace { get; set; }

    public ulong CSpaceGuard { get; set; }

    public SimObject? VSpace { get; set; }

    public ulong IpcBufferVaddr { get; set; }

    public SimObject? IpcBufferFrame { get; set; }

    public ulong Priority { get; set; }

    public string? Name { get; set; }

    public bool Running { get; set; }

    /// <summary>A thread's registers (TCB_ReadRegisters / WriteRegisters; StartThread sets pc, sp, x0 and x1).</summary>
    public Smos.Sel4.UserContext Registers;

    public ulong Pc { get => Registers.Pc; set => Registers.Pc = value; }

    public ulong Sp { get => Registers.Sp; set => Registers.Sp = value; }

    public ulong X0 { get => Registers.X0; set => Registers.X0 = value; }

    public ulong X1 { get => Registers.X1; set => Registers.X1 = value; }

    // TCB and notification: binding, both ways
    public SimObject? Bound { get; set; }

    // Notification
    public ulong Word { get; set; }

    public int Signals { get; set; }

    /// <summary>A frame's bytes as little-endian words.</summary>
    public ulong Word64(int index) => System.BitConverter.ToUInt64(Memory, index * 8);
}
