// seL4 16.0.0 AArch64 ABI constants for the project's kernel configuration (docs: ../shared sel4-abi.md).
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

/// <summary>Invocation labels of this kernel configuration.</summary>
public enum InvocationLabel : ulong
{
    UntypedRetype = 1,
    TcbReadRegisters = 2,
    TcbWriteRegisters = 3,
    TcbCopyRegisters = 4,
    TcbConfigure = 5,
    TcbSetPriority = 6,
    TcbSetMCPriority = 7,
    TcbSetSchedParams = 8,
    TcbSetIpcBuffer = 9,
    TcbSetSpace = 10,
    TcbSuspend = 11,
    TcbResume = 12,
    TcbBindNotification = 13,
    TcbUnbindNotification = 14,
    TcbSetTlsBase = 15,
    TcbSetFlags = 16,
    CNodeRevoke = 17,
    CNodeDelete = 18,
    CNodeCancelBadgedSends = 19,
    CNodeCopy = 20,
    CNodeMint = 21,
    CNodeMove = 22,
    CNodeMutate = 23,
    CNodeRotate = 24,
    CNodeSaveCaller = 25,
    IrqIssueIrqHandler = 26,
    IrqAck = 27,
    IrqSetHandler = 28,
    IrqClearHandler = 29,
    PageTableMap = 38,
    PageTableUnmap = 39,
    PageMap = 40,
    PageUnmap = 41,
    PageGetAddress = 46,
    AsidControlMakePool = 47,
    AsidPoolAssign = 48,
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
