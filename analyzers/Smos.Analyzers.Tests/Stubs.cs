// A compact stub of the Smos.Sel4 API (same names and namespaces as kernel-glue/sel4), compiled with every test source.
namespace Smos.Analyzers.Tests;

/// <summary>Sources added to each test: the kernel-glue API surface the analyzers recognise, with empty bodies.</summary>
internal static class Stubs
{
    public const string FileName = "/0/Sel4Stubs.cs";

    public const string Sel4 = """
        using System;

        namespace Smos.Sel4
        {
            public enum IpcViolation { None, CallWhileBorrowed, WriteWhileWriting, WriteWhileReading, ReadWhileWriting, UseAfterEnd, TooManyReaders, NoIpcBuffer }
            public enum Sel4Error : ulong { NoError = 0, InvalidArgument = 1 }
            public enum CapRights : ulong { All = 15 }
            public enum ObjectType : ulong { Endpoint = 4, Notification = 6 }
            public enum VmAttributes : ulong { Data = 5 }
            public static class InitialCaps { public const ulong InitThreadCNode = 2; public const ulong InitThreadVSpace = 3; }

            public readonly struct MessageInfo
            {
                public MessageInfo(ulong word) { Word = word; }
                public MessageInfo(ulong label, int capsUnwrapped, int extraCaps, int length) { Word = label << 12; }
                public ulong Word { get; }
                public ulong Label => Word >> 12;
                public int Length => (int)(Word & 0x7F);
            }

            public readonly struct Sel4Result
            {
                public Sel4Error Error => Sel4Error.NoError;
                public bool IsOk => true;
                public static Sel4Result Ok => default;
            }

            public ref struct IpcWriter
            {
                public VolatileSpan<ulong> MessageRegisters => default;
                public VolatileSpan<ulong> ExtraCaps => default;
                public void SetMr(int index, ulong value) { }
                public ulong GetMr(int index) => 0;
                public void SetCap(int index, ulong cptr) { }
                public void SetReceiveSlot(ulong cnode, ulong index, int depth) { }
                public int CopyIn(int firstMr, ReadOnlySpan<byte> bytes) => 0;
                public void Dispose() { }
            }

            public ref struct IpcReader
            {
                public ReadOnlyVolatileSpan<ulong> MessageRegisters => default;
                public ReadOnlyVolatileSpan<ulong> Badges => default;
                public ulong GetMr(int index) => 0;
                public void CopyOut(int firstMr, Span<byte> destination) { }
                public void Dispose() { }
            }

            public static class Ipc
            {
                public static IpcWriter Write() => default;
                public static IpcReader Read() => default;
                public static IpcViolation TryWrite(out IpcWriter writer) { writer = default; return IpcViolation.None; }
                public static IpcViolation TryRead(out IpcReader reader) { reader = default; return IpcViolation.None; }
                public static void Reply(MessageInfo info) { }
            }

            public readonly struct Endpoint
            {
                public Endpoint(ulong cptr) { Cptr = cptr; }
                public ulong Cptr { get; }
                public MessageInfo Call(MessageInfo info) => info;
                public IpcViolation TryCall(MessageInfo info, out MessageInfo reply) { reply = info; return IpcViolation.None; }
                public void Send(MessageInfo info) { }
                public void NBSend(MessageInfo info) { }
                public MessageInfo Recv(out ulong badge) { badge = 0; return default; }
                public MessageInfo NBRecv(out ulong badge) { badge = 0; return default; }
                public MessageInfo ReplyRecv(MessageInfo reply, out ulong badge) { badge = 0; return default; }
            }

            public readonly struct Notification
            {
                public Notification(ulong cptr) { Cptr = cptr; }
                public ulong Cptr { get; }
                public void Signal() { }
                public ulong Wait() => 0;
                public ulong Poll() => 0;
            }

            public static class Scheduler { public static void Yield() { } }

            public static class Debug
            {
                public static ulong IdentifyCap(ulong cptr) => 0;
                public static void DumpScheduler() { }
                public static void NameThread(ulong tcb, ReadOnlySpan<byte> name) { }
            }

            public readonly struct Untyped
            {
                public Untyped(ulong cptr) { }
                public Sel4Result Retype(ObjectType type, int sizeBits, CNode root, ulong nodeIndex, int nodeDepth, ulong offset, int count) => default;
            }

            public readonly struct CNode
            {
                public CNode(ulong cptr, int depth) { }
                public static CNode InitThread => new CNode(InitialCaps.InitThreadCNode, 64);
                public Sel4Result Mint(ulong destIndex, CNode srcRoot, ulong srcIndex, CapRights rights, ulong badge) => default;
                public Sel4Result Delete(ulong index) => default;
                public Sel4Result SaveCaller(ulong index) => default;
            }

            public readonly struct Tcb
            {
                public Tcb(ulong cptr) { }
                public Sel4Result Resume() => default;
                public Sel4Result Suspend() => default;
            }

            public readonly struct Page
            {
                public Page(ulong cptr) { }
                public Sel4Result Map(ulong vspace, ulong vaddr, CapRights rights, VmAttributes attributes) => default;
                public Sel4Result Unmap() => default;
            }

            public readonly struct PageTable { public Sel4Result Unmap() => default; }
            public readonly struct AsidPool { public Sel4Result Assign(ulong vspace) => default; }
            public readonly struct IrqHandler { public IrqHandler(ulong cptr) { } public Sel4Result Ack() => default; }

            public readonly unsafe ref struct VolatileSpan<T> where T : unmanaged
            {
                public VolatileSpan(T* pointer, int length) { }
                public int Length => 0;
                public T this[int index] { get => default; set { } }
                public void Set(int index, T value) { }
                public T Get(int index) => default;
                public void CopyTo(Span<T> destination) { }
                public void CopyFrom(ReadOnlySpan<T> source) { }
                public VolatileSpan<T> Slice(int start, int length) => default;
            }

            public readonly unsafe ref struct ReadOnlyVolatileSpan<T> where T : unmanaged
            {
                public ReadOnlyVolatileSpan(T* pointer, int length) { }
                public T this[int index] => default;
                public ReadOnlyVolatileSpan<T> Slice(int start, int length) => default;
            }

            public static unsafe class VolatileAccess
            {
                public static T Read<T>(T* p) where T : unmanaged => default;
                public static void Write<T>(T* p, T value) where T : unmanaged { }
            }
        }

        namespace Smos
        {
            /// <summary>Marks a method result, out parameter, field, property, parameter or struct as shared memory.</summary>
            [AttributeUsage(AttributeTargets.Method | AttributeTargets.Parameter | AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Struct | AttributeTargets.ReturnValue)]
            public sealed class SharedMemoryAttribute : Attribute { }

            /// <summary>Marks a method outside Smos.Sel4 that makes a system call.</summary>
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class SystemCallAttribute : Attribute { }
        }
        """;
}
