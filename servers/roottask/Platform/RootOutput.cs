// The root task's console: its bytes kept until it maps the UART, then written to the UART, then to the console's ring.
using System.Runtime.InteropServices;
using System.Threading;
using Internal.Runtime;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.RootTask.Platform;

/// <summary>
/// Every byte the root task prints (DebugConsole, its result lines, every app's marked Print) goes through
/// <see cref="Put"/>, the runtime's PutChar hook, in one of four ways:
/// <list type="number">
/// <item>From <see cref="Install"/> until the UART is mapped: seL4_DebugPutChar on a debug kernel; on a release kernel
/// (built with SMOS_RELEASE_KERNEL) kept in an 8 KiB buffer, as it has no debug console (nothing can be printed before
/// the root task maps the PL011 itself).</item>
/// <item><see cref="UseDebugConsole"/>: seL4_DebugPutChar (a kernel with printing, when the UART could not be mapped).</item>
/// <item><see cref="UseUart"/>: the PL011's data register, waiting while its transmit FIFO is full.</item>
/// <item><see cref="AttachRing"/>: the console server's output ring (<see cref="ConsoleAbi"/>), the console woken by a
/// signal at a line end or after a request that put bytes, when it asked for one (<see cref="Flush"/>). When the ring is full the root task's own bytes
/// go to the UART directly (they may then cut into a line the console is writing); an app's Print waits instead
/// (<see cref="Room"/>). <see cref="DetachRing"/> goes back to the UART when the console server ends.</item>
/// </list>
/// Lines are never shared: when the writer (<see cref="Writer"/>: the root task, or the app whose Print is written)
/// changes while a line is open, that line is ended first, so every line starts with its writer's own bytes (an app's
/// with its name, a result line with the root task's).
/// </summary>
internal static unsafe class RootOutput
{
    private const int EarlyBytes = 8192;
    private const int UartData = 0x00;
    private const int UartFlags = 0x18;
    private const uint FlagTransmitFull = 1u << 5;

    private static byte* s_early;
    private static int s_earlyLength;
    private static int s_earlyLost;
    private static byte* s_uart;
    private static bool s_debugConsole;
    private static ulong* s_ringHeader;
    private static byte* s_ringData;
    private static ulong s_signal;
    private static bool s_signalDue;
    private static bool s_midLine;
    private static ulong s_writer;
    private static ulong s_lineOwner;

    /// <summary>Installs <see cref="Put"/> as the runtime's byte writer, keeping bytes until a way out is chosen.</summary>
    public static void Install()
    {
#if SMOS_RELEASE_KERNEL
        s_early = (byte*)Heap.TryAllocate(EarlyBytes); // no debug console: kept until the UART is mapped
#else
        s_debugConsole = true; // a debug kernel prints at once (a panic before the UART mapping is seen)
#endif
        PlatformHooks.SetPutChar(&Put);
    }

    /// <summary>True when the last byte printed ended a line (or nothing was printed).</summary>
    public static bool AtLineStart => !s_midLine;

    /// <summary>Who writes the next bytes: 0 for the root task, else the pid whose Print is being written.</summary>
    public static ulong Writer
    {
        get => s_writer;
        set => s_writer = value;
    }

    /// <summary>Whose bytes the open line holds.</summary>
    public static ulong LineOwner => s_lineOwner;

    /// <summary>True while the console server's ring takes the output.</summary>
    public static bool RingAttached => s_ringData != null;

    /// <summary>Bytes the ring has room for now (int.MaxValue when no ring is attached: the UART always takes bytes).</summary>
    public static int Room
    {
        get
        {
            if (s_ringData == null)
            {
                return int.MaxValue;
            }

            ulong used = Volatile.Read(ref s_ringHeader[ConsoleAbi.RingHeadWord]) - Volatile.Read(ref s_ringHeader[ConsoleAbi.RingTailWord]);
            return used >= ConsoleAbi.RingDataBytes ? 0 : ConsoleAbi.RingDataBytes - (int)used;
        }
    }

    /// <summary>Bytes put into the ring so far (its head), or 0 without a ring.</summary>
    public static ulong RingWritten => s_ringHeader == null ? 0 : Volatile.Read(ref s_ringHeader[ConsoleAbi.RingHeadWord]);

    /// <summary>Bytes the console server has taken from the ring so far (its tail), or 0 without a ring.</summary>
    public static ulong RingTaken => s_ringHeader == null ? 0 : Volatile.Read(ref s_ringHeader[ConsoleAbi.RingTailWord]);

    /// <summary>Writes to the PL011 mapped at <paramref name="registers"/> from now on; what was kept goes out first.</summary>
    public static void UseUart(byte* registers)
    {
        s_uart = registers;
        FlushEarly();
    }

    /// <summary>No UART mapping: seL4_DebugPutChar from now on (only a kernel built with printing has it).</summary>
    public static void UseDebugConsole()
    {
        s_debugConsole = true;
        FlushEarly();
    }

    /// <summary>
    /// The console server attached: its ring (header page at <paramref name="ring"/>, data after it, both mapped in the
    /// root task) takes the output, and <paramref name="signal"/> (a badged copy of its notification) wakes it.
    /// </summary>
    public static void AttachRing(byte* ring, ulong signal)
    {
        s_ringHeader = (ulong*)ring;
        s_ringData = ring + (ConsoleAbi.RingHeaderPages * 4096);
        s_signal = signal;
        s_signalDue = false;
    }

    /// <summary>The console server is gone: back to the UART (before its ring is unmapped).</summary>
    public static void DetachRing()
    {
        s_ringData = null;
        s_ringHeader = null;
        s_signal = 0;
        s_signalDue = false;
    }

    /// <summary>
    /// Wakes the console server if bytes went into its ring since the last signal (after each request and line end) and
    /// it has asked for a signal (<see cref="ConsoleAbi.RingWakeWord"/>: it drained the ring and may be waiting).
    /// </summary>
    /// <summary>The next <see cref="Flush"/> signals the console server if its wake word asks for it, even with nothing new written.</summary>
    public static void Wake()
    {
        if (s_ringHeader != null)
        {
            s_signalDue = true;
        }
    }

    public static void Flush()
    {
        if (s_signalDue)
        {
            s_signalDue = false;
            Interlocked.MemoryBarrier(); // the head's store before the wake word's load (the console does the reverse)
            if (Volatile.Read(ref s_ringHeader[ConsoleAbi.RingWakeWord]) != 0)
            {
                Volatile.Write(ref s_ringHeader[ConsoleAbi.RingWakeWord], 0);
                new Notification(s_signal).Signal();
            }
        }
    }

    [UnmanagedCallersOnly]
    private static void Put(byte c)
    {
        if (s_writer != s_lineOwner)
        {
            if (s_midLine)
            {
                PutByte((byte)'\n'); // another writer's line is open: it ends here, so no line starts with another's bytes
            }

            s_lineOwner = s_writer;
        }

        PutByte(c);
    }

    private static void PutByte(byte c)
    {
        s_midLine = c != (byte)'\n';
        if (s_ringData != null && RingPut(c))
        {
            if (c == (byte)'\n')
            {
                s_signalDue = true;
                Flush();
            }
            else
            {
                s_signalDue = true;
            }

            return;
        }

        if (s_uart != null)
        {
            UartPut(c);
        }
        else if (s_debugConsole)
        {
            Debug.PutChar(c);
        }
        else if (s_early != null && s_earlyLength < EarlyBytes)
        {
            s_early[s_earlyLength++] = c;
        }
        else
        {
            s_earlyLost++;
        }
    }

    private static bool RingPut(byte c)
    {
        ulong head = Volatile.Read(ref s_ringHeader[ConsoleAbi.RingHeadWord]);
        ulong tail = Volatile.Read(ref s_ringHeader[ConsoleAbi.RingTailWord]);
        if (head - tail >= ConsoleAbi.RingDataBytes)
        {
            return false;
        }

        Volatile.Write(ref s_ringData[(int)(head & (ConsoleAbi.RingDataBytes - 1))], c);
        Volatile.Write(ref s_ringHeader[ConsoleAbi.RingHeadWord], head + 1); // after the byte (release store)
        return true;
    }

    // A terminal needs CR before LF (as the kernel's own console writes it).
    private static void UartPut(byte c)
    {
        if (c == (byte)'\n')
        {
            UartSend((byte)'\r');
        }

        UartSend(c);
    }

    private static void UartSend(byte c)
    {
        while ((Volatile.Read(ref *(uint*)(s_uart + UartFlags)) & FlagTransmitFull) != 0)
        {
        }

        Volatile.Write(ref *(uint*)(s_uart + UartData), c);
    }

    private static void FlushEarly()
    {
        byte* early = s_early;
        int length = s_earlyLength;
        s_early = null;
        for (int i = 0; i < length; i++)
        {
            if (s_uart != null)
            {
                UartPut(early[i]);
            }
            else
            {
                Debug.PutChar(early[i]);
            }
        }

        if (s_earlyLost != 0)
        {
            DebugConsole.Write("[root task: ");
            DebugConsole.WriteDecimal((ulong)s_earlyLost);
            DebugConsole.WriteLine(" early bytes lost]");
        }
    }
}
