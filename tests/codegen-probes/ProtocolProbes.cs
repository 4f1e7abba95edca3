// Probe methods for the generated client and server of IProbe: the words path and the register path, one export each.
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.CodegenProbes;

/// <summary>
/// Like <see cref="Probes"/>: each export calls one <c>NoInlining</c> body. The bodies call the generated ProbeClient
/// and ProbeServer; whether ILC inlines those into the body or not, Smos.Codegen.Tests follows the calls.
/// </summary>
public static unsafe class ProtocolProbes
{
    /// <summary>The value sent in field E of Swap's request, which travels in MR4 (0x2a: easy to spot).</summary>
    public const ulong SentValue = 42;

    /// <summary>The server the server probe runs (set by <see cref="ExportServerStart"/>; never null when probed).</summary>
    private static ProbeService? s_server;

    [UnmanagedCallersOnly(EntryPoint = "probe_client_words")]
    private static ulong ExportClientWords(ProbeClient* client) => ClientWords(*client);

    [UnmanagedCallersOnly(EntryPoint = "probe_client_registers")]
    private static ulong ExportClientRegisters(ProbeClient* client) => ClientRegisters(*client);

    [UnmanagedCallersOnly(EntryPoint = "probe_client_general")]
    private static ulong ExportClientGeneral(ProbeClient* client) => ClientGeneral(*client);

    [UnmanagedCallersOnly(EntryPoint = "probe_client_capability")]
    private static ulong ExportClientCapability(ProbeClient* client) => ClientCapability(*client);

    [UnmanagedCallersOnly(EntryPoint = "probe_server_words")]
    private static ulong ExportServerWords(ulong badge, FastMessage* message) => ServerWords(badge, message);

    [UnmanagedCallersOnly(EntryPoint = "probe_server_general")]
    private static ulong ExportServerGeneral(ulong badge, FastMessage* message) => ServerGeneral(badge, message);

    [UnmanagedCallersOnly(EntryPoint = "probe_plain_words")]
    private static ulong ExportPlainWords(ulong endpoint) => PlainWords(endpoint);

    // Roots the server's construction (not a probe: no body is checked).
    [UnmanagedCallersOnly(EntryPoint = "probe_server_start")]
    private static void ExportServerStart() => s_server = new ProbeService();

    /// <summary>
    /// The words path through the generated client: Swap sends six words (E = 42 in MR4, F in MR5 through the IPC
    /// buffer) and returns the reply's field E, which the server's reply puts in MR4. After the call the client must
    /// read MR4 from the IPC buffer (a volatile load), never reuse the 42 it sent.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong ClientWords(in ProbeClient client)
    {
        Result<Six> reply = client.Swap(new Six { A = 1, B = 2, C = 3, D = 4, E = SentValue, F = 6 });
        return reply.Value.E;
    }

    /// <summary>The register path through the generated client: Add(42, 1) returns the reply's MR0 from the FastMessage.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong ClientRegisters(in ProbeClient client)
    {
        Result<ulong> sum = client.Add(SentValue, 1);
        return sum.Value;
    }

    /// <summary>The general words path (a variable-size argument and result, maybe through the shared page): Echo(100 bytes, 14 words).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong ClientGeneral(ProbeClient client)
    {
        Result<byte[]> back = client.Echo(new byte[100]);
        return back.IsOk ? (ulong)back.Value.Length : 0;
    }

    /// <summary>A capability in the request: Give(notification 5) sets the IPC buffer's first extra-capability word.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong ClientCapability(ProbeClient client) => (ulong)client.Give(new Notification(5)).Error;

    /// <summary>
    /// The generated server's Handle for a direct-path request: Swap with six words (MR0-3 in <paramref name="message"/>,
    /// MR4-5 in the IPC buffer). Its Serve method must read MR4-5 with volatile loads and write the reply's with volatile stores.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong ServerWords(ulong badge, FastMessage* message)
    {
        MessageInfo reply = s_server!.Handle(badge, new MessageInfo(ProbeProtocol.SwapLabel, 0, 0, 6), ref *message);
        return reply.Label;
    }

    /// <summary>
    /// The generated server's Handle for a general words-path request: Echo with 14 words (100 bytes). HandleWords must
    /// copy MR4 and up out of the IPC buffer with volatile loads and the reply's in with volatile stores.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong ServerGeneral(ulong badge, FastMessage* message)
    {
        MessageInfo reply = s_server!.Handle(badge, new MessageInfo(ProbeProtocol.EchoLabel, 0, 0, 14), ref *message);
        return reply.Label;
    }

    /// <summary>
    /// Negative control: the words path written with plain pointers into the IPC buffer (found the way the IPC layer
    /// finds it: the thread context's first word). MR4 = 42 and MR5 = 6 are plain stores before the call, MR4 a plain
    /// load after it. The flow check must report these accesses as not volatile.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong PlainWords(ulong endpoint)
    {
        ulong* mrs = *CurrentContext() + 1; // IpcBufferLayout.Msg follows the tag word
        mrs[4] = SentValue;
        mrs[5] = 6;
        var m = new FastMessage(1, 2, 3, 4);
        new Endpoint(endpoint).Call(new MessageInfo(1, 0, 0, 6), ref m);
        return mrs[4] + m.Mr0;
    }

    // The stub behind Ipc's scopes: the current thread's ThreadContext, whose first word is its IPC buffer's address.
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_thread_context")]
    private static extern ulong** CurrentContext();
}
