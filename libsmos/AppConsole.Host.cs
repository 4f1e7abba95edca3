// Host only: System.Console of a simulated process goes to its AppConsole line (and so to the host world's root task), as on seL4.
#if SMOS_HOST
using System;
using System.IO;
using System.Text;
using System.Threading;

namespace Smos.Lib;

/// <summary>
/// On the host, System.Console is .NET's own. <see cref="Install"/> (done by <see cref="HostProcess.Attach"/>) puts a
/// writer in front of it that sends the text of a thread attached to a simulated process to that process's
/// <see cref="AppConsole"/> line as UTF-8, exactly where the seL4 runtime's console hook sends it; other threads
/// write to the real console.
/// </summary>
internal sealed class HostConsoleWriter : TextWriter
{
    private static int s_installed;

    private readonly TextWriter _real;

    private HostConsoleWriter(TextWriter real) { _real = real; }

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Routes System.Console through this writer (once per host run).</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref s_installed, 1) == 0)
        {
            Console.SetOut(new HostConsoleWriter(Console.Out));
        }
    }

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (HostProcess.Current is null)
        {
            _real.Write(buffer);
            return;
        }

        Span<byte> bytes = buffer.Length <= 256 ? stackalloc byte[buffer.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(buffer.Length)];
        AppConsole.Write(bytes.Slice(0, Encoding.UTF8.GetBytes(buffer, bytes)));
    }

    public override void WriteLine() => Write('\n');

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    public override void Flush()
    {
        if (HostProcess.Current is null)
        {
            _real.Flush();
            return;
        }

        AppConsole.Flush();
    }
}
#endif
