// Builds and performs one kernel invocation: MRs and extra caps written with volatile stores, then Call.
using System.Threading;

namespace Smos.Sel4;

/// <summary>
/// One invocation message. Arguments are written straight into the IPC buffer with volatile stores; the reply
/// label is read back after the call. Only kernel-glue builds these.
/// </summary>
internal unsafe ref struct Invocation
{
    private readonly IpcBuffer* _buffer;
    private int _length;
    private int _caps;

    public Invocation(IpcBuffer* buffer)
    {
        _buffer = buffer;
        _length = 0;
        _caps = 0;
    }

    public static Invocation Begin() => new Invocation(CurrentThread.IpcBuffer);

    public void Arg(ulong value)
    {
        Volatile.Write(ref _buffer->Msg[_length], value);
        _length++;
    }

    public void Cap(ulong cptr)
    {
        Volatile.Write(ref _buffer->CapsOrBadges[_caps], cptr);
        _caps++;
    }

    public Sel4Result Call(ulong cptr, InvocationLabel label)
    {
        var info = new MessageInfo((ulong)label, 0, _caps, _length);
        var reply = new MessageInfo(Syscalls.Call(cptr, info.Word, _buffer, null));
        if (reply.Label == 0)
        {
            return Sel4Result.Ok;
        }

        return new Sel4Result(reply.Error, Volatile.Read(ref _buffer->Msg[0]));
    }

    /// <summary>MR <paramref name="index"/> of the reply (for invocations that return values).</summary>
    public ulong ReplyValue(int index) => Volatile.Read(ref _buffer->Msg[index]);
}
