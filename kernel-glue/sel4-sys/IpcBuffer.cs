// The layout of seL4_IPCBuffer (1024 bytes). The kernel writes it during this thread's system calls.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Smos.Sel4;

/// <summary>
/// seL4_IPCBuffer. Never read or written directly by user code: it is reached through the IPC layer, which
/// uses volatile accesses only (see docs/ipc.md).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
[SharedMemory]
public struct IpcBufferLayout
{
    public const int Size = 1024;
    public const int MessageRegisters = 120;

    /// <summary>Word index of <see cref="Msg"/> (MR0): the IPC layer adds it to the buffer's address instead of taking the
    /// field's address, which would make the JIT test the buffer pointer for null first (a scope never holds null).</summary>
    public const int MsgWord = 1;

    public ulong Tag;
    public MessageRegisterArray Msg;
    public ulong UserData;
    public CapArray CapsOrBadges;
    public ulong ReceiveCNode;
    public ulong ReceiveIndex;
    public ulong ReceiveDepth;
}

[InlineArray(IpcBufferLayout.MessageRegisters)]
public struct MessageRegisterArray
{
    private ulong _element0;
}

[InlineArray(3)]
public struct CapArray
{
    private ulong _element0;
}
