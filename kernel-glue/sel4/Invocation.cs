// Performs a kernel invocation whose arguments were written in a scope that has ended; decodes the reply.
namespace Smos.Sel4;

internal static unsafe class Invocation
{
    /// <summary>Invokes <paramref name="cptr"/> with the message already in the IPC buffer.</summary>
    public static Sel4Result Invoke(ulong cptr, InvocationLabel label, int extraCaps, int length)
    {
        ThreadContext* ctx = IpcGuard.EnterSystemCall(IpcOperation.Invocation);
        var info = new MessageInfo((ulong)label, 0, extraCaps, length);
        var reply = new MessageInfo(Syscalls.Call(cptr, info.Word, ctx->IpcBuffer, null));
        if (reply.Label == 0)
        {
            return Sel4Result.Ok;
        }

        using var r = Ipc.Read();
        return new Sel4Result(reply.Error, r.GetMr(0));
    }
}
