// A thread's last words: the IPC layer's one send outside a scope, for a thread that is ending (a panic) and never runs again.
using System;

namespace Smos.Sel4;

/// <summary>
/// Sends one message on <c>seL4_Call</c> whatever the state of the calling thread's IPC scopes: a panic may happen
/// inside a scope (that may be the panic). The words are written with volatile stores, like every other write of the
/// IPC buffer; the guard is not consulted because the thread does not go on: the receiver (the root task) ends it
/// instead of replying. Internal: only the runtime (libsmos's panic hook) sends last words.
/// </summary>
internal static unsafe class LastWords
{
    /// <summary>
    /// Sends <paramref name="words"/> (at most 120) with <paramref name="label"/> to <paramref name="endpoint"/>. Returns
    /// only when the thread has no context (no IPC buffer) or the receiver answered after all.
    /// </summary>
    public static void Send(ulong endpoint, ulong label, ReadOnlySpan<ulong> words)
    {
        ThreadContext* ctx = ThreadContexts.Current;
        if (ctx == null || ctx->IpcBuffer == null)
        {
            return;
        }

        int n = words.Length <= IpcBufferLayout.MessageRegisters ? words.Length : IpcBufferLayout.MessageRegisters;
        ulong* mrs = (ulong*)&ctx->IpcBuffer->Msg;
        for (int i = 0; i < n; i++)
        {
            VolatileAccess.Write(mrs + i, words[i]);
        }

        Syscalls.Call(endpoint, new MessageInfo(label, 0, 0, n).Word, ctx->IpcBuffer, null);
    }
}
