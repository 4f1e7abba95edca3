// seL4 16.0.0 AArch64 ABI constants for the project's kernel configuration (docs/sel4-abi.md); the invocation labels are generated (Generated/Sel4Abi.g.cs).
namespace Smos.Sel4;

/// <summary>Errors an invocation's reply carries in its label.</summary>
public enum Sel4Error : ulong
{
    NoError = 0,
    InvalidArgument = 1,
    InvalidCapability = 2,
    IllegalOperation = 3,
    RangeError = 4,
    AlignmentError = 5,
    FailedLookup = 6,
    TruncatedMessage = 7,
    DeleteFirst = 8,
    RevokeFirst = 9,
    NotEnoughMemory = 10,
}

/// <summary>Kernel object types for Untyped_Retype.</summary>
public enum ObjectType : ulong
{
    Untyped = 0,
    Tcb = 1,
    Endpoint = 2,
    Notification = 3,
    CNode = 4,
    HugePage = 5,
    VSpace = 6,
    SmallPage = 7,
    LargePage = 8,
    PageTable = 9,
}

/// <summary>The invocation labels SmosSharp uses, by their numbers in Generated/Sel4Abi.g.cs (generated from the kernel's XML by `./smos abi`).</summary>
public enum InvocationLabel : ulong
{
    UntypedRetype = Sel4InvocationLabels.UntypedRetype,
    TcbReadRegisters = Sel4InvocationLabels.TCBReadRegisters,
    TcbWriteRegisters = Sel4InvocationLabels.TCBWriteRegisters,
    TcbConfigure = Sel4InvocationLabels.TCBConfigure,
    TcbSetPriority = Sel4InvocationLabels.TCBSetPriority,
    TcbSetMCPriority = Sel4InvocationLabels.TCBSetMCPriority,
    TcbSetSchedParams = Sel4InvocationLabels.TCBSetSchedParams,
    TcbSetIpcBuffer = Sel4InvocationLabels.TCBSetIPCBuffer,
    TcbSetSpace = Sel4InvocationLabels.TCBSetSpace,
    TcbSuspend = Sel4InvocationLabels.TCBSuspend,
    TcbResume = Sel4InvocationLabels.TCBResume,
    TcbBindNotification = Sel4InvocationLabels.TCBBindNotification,
    TcbUnbindNotification = Sel4InvocationLabels.TCBUnbindNotification,
    TcbSetTlsBase = Sel4InvocationLabels.TCBSetTLSBase,
    CNodeRevoke = Sel4InvocationLabels.CNodeRevoke,
    CNodeDelete = Sel4InvocationLabels.CNodeDelete,
    CNodeCancelBadgedSends = Sel4InvocationLabels.CNodeCancelBadgedSends,
    CNodeCopy = Sel4InvocationLabels.CNodeCopy,
    CNodeMint = Sel4InvocationLabels.CNodeMint,
    CNodeMove = Sel4InvocationLabels.CNodeMove,
    CNodeMutate = Sel4InvocationLabels.CNodeMutate,
    CNodeSaveCaller = Sel4InvocationLabels.CNodeSaveCaller,
    IrqIssueIrqHandler = Sel4InvocationLabels.IRQIssueIRQHandler,
    IrqAck = Sel4InvocationLabels.IRQAckIRQ,
    IrqSetHandler = Sel4InvocationLabels.IRQSetIRQHandler,
    IrqClearHandler = Sel4InvocationLabels.IRQClearIRQHandler,
    PageTableMap = Sel4InvocationLabels.ARMPageTableMap,
    PageTableUnmap = Sel4InvocationLabels.ARMPageTableUnmap,
    PageMap = Sel4InvocationLabels.ARMPageMap,
    PageUnmap = Sel4InvocationLabels.ARMPageUnmap,
    PageGetAddress = Sel4InvocationLabels.ARMPageGetAddress,
    AsidControlMakePool = Sel4InvocationLabels.ARMASIDControlMakePool,
    AsidPoolAssign = Sel4InvocationLabels.ARMASIDPoolAssign,
}

/// <summary>Capability slots the kernel fills in the root task's CNode before it starts.</summary>
public static class InitialCaps
{
    public const ulong Null = 0;
    public const ulong InitThreadTcb = 1;
    public const ulong InitThreadCNode = 2;
    public const ulong InitThreadVSpace = 3;
    public const ulong IrqControl = 4;
    public const ulong AsidControl = 5;
    public const ulong InitThreadAsidPool = 6;
    public const ulong BootInfoFrame = 9;
    public const ulong InitThreadIpcBuffer = 10;
    public const ulong Domain = 11;
    public const int Count = 16;
}

/// <summary>Capability rights word (bit 0 Write, 1 Read, 2 Grant, 3 GrantReply).</summary>
public enum CapRights : ulong
{
    None = 0,
    Write = 1,
    Read = 2,
    Grant = 4,
    GrantReply = 8,
    ReadWrite = 3,
    All = 0xF,
}

/// <summary>Cap types as DebugCapIdentify reports them (seL4 cap_tag values).</summary>
public enum CapTag : ulong
{
    Null = 0,
    Untyped = 2,
    Endpoint = 4,
    Notification = 6,
    Reply = 8,
    CNode = 10,
    Thread = 12,
}

/// <summary>VM attributes for mappings (AArch64).</summary>
public enum VmAttributes : ulong
{
    None = 0,
    Cacheable = 1,
    Parity = 2,
    ExecuteNever = 4,
    Default = 3,
    /// <summary>Normal cacheable memory that cannot be executed (data).</summary>
    Data = Cacheable | ExecuteNever,
}
