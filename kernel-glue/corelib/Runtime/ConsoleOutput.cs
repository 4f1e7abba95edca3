// Where System.Console's bytes go: the program's console hook (libsmos's buffered Print in apps) or the kernel's debug console.
using System;

namespace Internal.Runtime;

/// <summary>
/// The byte sink under <see cref="Console"/>. A program's runtime may install a writer and a flush
/// (<see cref="SetHooks"/>; libsmos does for every app); without them every byte goes straight to the debug console
/// (<see cref="Platform.PutChar"/>: seL4_DebugPutChar in a root task, the UART in the loader), and Flush does nothing.
/// The hooks live in platform memory (<see cref="RuntimeHooks"/>), not in C# statics.
/// </summary>
public static unsafe class ConsoleOutput
{
    /// <summary>
    /// Installs the console's writer (<c>write(utf8, length)</c>) and flush; null for both restores the debug console.
    /// Internal: only the runtime (libsmos) sets them. Neither may write to the console itself.
    /// </summary>
    internal static void SetHooks(delegate*<byte*, int, void> write, delegate*<void> flush)
    {
        RuntimeHooks* hooks = Platform.RuntimeHooks();
        hooks->ConsoleWrite = (nint)write;
        hooks->ConsoleFlush = (nint)flush;
    }

    /// <summary>Writes UTF-8 bytes.</summary>
    public static void Write(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return;
        }

        nint hook = Platform.RuntimeHooks()->ConsoleWrite;
        if (hook != 0)
        {
            fixed (byte* p = utf8)
            {
                ((delegate*<byte*, int, void>)hook)(p, utf8.Length);
            }

            return;
        }

        for (int i = 0; i < utf8.Length; i++)
        {
            Platform.PutChar(utf8[i]);
        }
    }

    /// <summary>Writes UTF-16 text as UTF-8, a chunk at a time through a stack buffer (no allocation).</summary>
    public static void Write(ReadOnlySpan<char> text)
    {
        Span<byte> chunk = stackalloc byte[256];
        while (!text.IsEmpty)
        {
            int n = Text.Utf8Transcoder.Encode(text, chunk, out int read);
            Write(chunk.Slice(0, n));
            text = text.Slice(read);
        }
    }

    /// <summary>Sends what the writer has buffered (libsmos: the partial line goes to the root task).</summary>
    public static void Flush()
    {
        nint hook = Platform.RuntimeHooks()->ConsoleFlush;
        if (hook != 0)
        {
            ((delegate*<void>)hook)();
        }
    }
}
