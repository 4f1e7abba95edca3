// The console server's client: lines and keys typed at the terminal, and the shell's foreground job for Ctrl-C.
using System;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// Input from the terminal, through the console server (services/console; "console" in the init list). Apps normally
/// use <see cref="System.Console.ReadLine"/> and <see cref="System.Console.ReadKey()"/>, which come here; this class
/// gives the same with the console's error (why there was no line) and the shell's <see cref="SetForeground"/>.
/// One process reads at a time: a second reader gets <see cref="ConsoleError.ReaderWaiting"/>.
/// </summary>
public static unsafe partial class Terminal
{
    /// <summary>
    /// Waits for a line typed at the terminal (edited there: echo, backspace, Ctrl-U, history with the arrow keys) and
    /// copies its UTF-8 bytes, without the line end, into <paramref name="line"/> (at most
    /// <see cref="ConsoleAbi.MaxLineBytes"/>; a longer buffer is not needed).
    /// </summary>
    /// <example><code>Span&lt;byte&gt; line = stackalloc byte[256]; if (Terminal.ReadLine(line, out int n) == ConsoleError.Ok) { }</code></example>
    public static ConsoleError ReadLine(Span<byte> line, out int length)
    {
        length = 0;
        ConsoleError e = Call(ConsoleRequest.ReadLine, 0, 0, out ulong n, line);
        if (e == ConsoleError.Ok)
        {
            length = (int)n;
        }

        return e;
    }

    /// <summary>Waits for one key (its byte: no echo, no editing; Ctrl-C interrupts).</summary>
    /// <example><code>if (Terminal.ReadKey(out byte key) == ConsoleError.Ok &amp;&amp; key == (byte)'q') { }</code></example>
    public static ConsoleError ReadKey(out byte key)
    {
        ConsoleError e = Call(ConsoleRequest.ReadKey, 0, 0, out ulong k, default);
        key = (byte)k;
        return e;
    }

    /// <summary>
    /// Makes child <paramref name="pid"/> the foreground job (0: none): Ctrl-C then ends it (and what it started)
    /// instead of interrupting a reader. The shell sets it around each command it runs in the foreground.
    /// </summary>
    /// <example><code>Terminal.SetForeground(pid); Process.Wait(pid, out long code); Terminal.SetForeground(0);</code></example>
    public static ConsoleError SetForeground(ulong pid) => Call(ConsoleRequest.SetForeground, pid, 1, out _, default);

    // One call through the IPC buffer: MR0 out; the reply's MR0 and, for a line, its bytes from MR1 read in one scope. A console that is gone
    // (ServerGone, or the kernel's error on the connection's capability) is NoConsole, and the next call opens it again.
    private static ConsoleError Call(ConsoleRequest label, ulong arg, int length, out ulong value, Span<byte> bytes)
    {
        value = 0;
        if (AppState.ConsoleEndpoint == 0)
        {
            if (Connections.OpenWhenPublished(ConsoleAbi.Name, out Connection c, attempts: 100) != RootError.Ok)
            {
                return ConsoleError.NoConsole;
            }

            AppState.ConsoleEndpoint = c.Endpoint.Cptr;
        }

        using (var w = Ipc.Write())
        {
            w.SetMr(0, arg);
        }

        MessageInfo reply = new Endpoint(AppState.ConsoleEndpoint).Call(new MessageInfo((ulong)label, 0, 0, length));
        if (reply.Label > (ulong)ConsoleError.NoConsole || (reply.Label != 0 && reply.Label < (ulong)ConsoleError.UnknownRequest))
        {
            AppState.ConsoleEndpoint = 0;
            return ConsoleError.NoConsole;
        }

        using (var r = Ipc.Read())
        {
            value = reply.Length >= 1 ? r.GetMr(0) : 0;
            if (reply.Label == (ulong)ConsoleError.Ok && label == ConsoleRequest.ReadLine)
            {
                int n = value > (ulong)bytes.Length ? bytes.Length : (int)value;
                n = n > (reply.Length - 1) * 8 ? (reply.Length - 1) * 8 : n;
                r.CopyOut(1, bytes.Slice(0, n < 0 ? 0 : n));
                value = (ulong)(n < 0 ? 0 : n);
            }
        }

        return (ConsoleError)reply.Label;
    }
}
