// The serial driver's handler: bytes to send queued behind the FIFO, bytes received kept for the reader, its doorbell rung.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;
using Smos.Services.Console;

namespace Smos.Pl011Driver;

/// <summary>
/// Serves <see cref="UartRequest"/>. Write puts bytes straight into the transmit FIFO while it has room and the rest in a
/// 16 KiB queue that the transmit interrupt drains; Read hands out what the receive interrupt collected (4 KiB kept; more
/// is dropped and counted). The reader is the connection that called Read last: its doorbell rings when bytes arrive
/// and when the transmit queue has room again.
/// </summary>
internal sealed class UartService : RequestHandler
{
    private const int TransmitBytes = 16384;
    private const int ReceiveBytes = 4096;

    private readonly Pl011 _uart;
    private readonly IrqHandler _irq = new(CapSlots.IrqHandler);
    private readonly ByteRing _transmit = new(TransmitBytes);
    private readonly ByteRing _receive = new(ReceiveBytes);
    private readonly byte[] _message = new byte[UartAbi.MaxBytes];
    private ulong _readerBadge;
    private Doorbell _readerBell;
    private bool _transmitWasFull;
#if SMOS_BENCH
    private readonly KeySpans _spans = new(0xFFFF_FFFF); // the PMU's event counters are 32 bits
    private bool _measuring;
#endif

    public UartService(Pl011 uart)
    {
        _uart = uart;
    }

    public override MessageInfo Handle(ulong badge, MessageInfo request)
    {
        switch ((UartRequest)request.Label)
        {
            case UartRequest.Write:
                return Write(request);
            case UartRequest.Read:
                if (request.Length != 0)
                {
                    return Reply(ConsoleError.BadLength, 0);
                }

                Listen(badge);
                return ReadOut();
            default:
                return Reply(ConsoleError.UnknownRequest, 0);
        }
    }

    /// <summary>Receive: everything in the FIFO into the queue. Transmit: the queue into the FIFO. Then acknowledge.</summary>
    public override void OnInterrupt(ulong bits)
    {
        // Clear what is pending before the FIFO is read, never after: QEMU's PL011 raises its receive interrupt only when
        // a byte arrives in an empty FIFO, so a byte that came after the loop below but before a late clear would stay
        // in the FIFO with its interrupt cleared, and no later byte would raise one again (input dead for good).
        _uart.Clear(_uart.Pending);
        bool received = false;
#if SMOS_BENCH
        ulong now = _measuring ? BenchCounter.ReadTotal() : 0;
        bool report = false;
#endif
        while (_uart.HasInput)
        {
            byte b = _uart.Receive();
#if SMOS_BENCH
            if (_measuring && b == BenchCounter.ReportKey)
            {
                report = true;
                continue;
            }

            if (_measuring && !received)
            {
                _spans.KeyIn(b, now); // the bytes of one wake-up are one key (an escape sequence comes at once)
            }
#endif
            _receive.TryPut(b);
            received = true;
        }

        Drain();
        _irq.Ack();
        if (received || (_transmitWasFull && _transmit.Free > TransmitBytes / 2))
        {
            _transmitWasFull = false;
            Ring();
        }
#if SMOS_BENCH
        if (report)
        {
            Report();
        }
#endif
    }

#if SMOS_BENCH
    /// <summary>Bench builds: key spans are measured from now on (the PMU is set up and readable at EL0).</summary>
    public void Measure() => _measuring = true;

    // Ctrl-T: the spans so far as SMOS-BENCH rows (`buildsys bench` types the keys: docs/performance.md).
    private void Report()
    {
        _spans.Close();
        if (_spans.FastestPrintable is ulong echo)
        {
            Console.WriteLine($"SMOS-BENCH console-key-echo total={echo} el0=- floor=- ratio=-");
        }

        if (_spans.FastestEnter is ulong enter)
        {
            Console.WriteLine($"SMOS-BENCH console-enter-to-prompt total={enter} el0=- floor=- ratio=-");
        }

        Console.WriteLine($"pl011: {_spans.Keys} keys timed, {_spans.PrintableAnswered} printable ones answered (the fastest is console-key-echo), " +
            $"{_spans.EntersAnswered} Enters (the fastest is console-enter-to-prompt; the slowest took {_spans.SlowestEnter ?? 0})");
    }
#endif

    public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
    {
        if (kind == ConnectionEvent.Closed && badge == _readerBadge)
        {
            if (_readerBell.IsValid)
            {
                CapSpace.Delete(_readerBell.Notification.Cptr);
            }

            _readerBell = default;
            _readerBadge = 0;
        }
    }

    // MR0 = n, bytes from MR1: sent now while the FIFO has room, queued behind it otherwise; reply MR0 = bytes taken.
    private MessageInfo Write(MessageInfo request)
    {
        int n;
        using (var r = Ipc.Read())
        {
            ulong count = request.Length >= 1 ? r.GetMr(0) : ulong.MaxValue;
            if (count == 0 || count > UartAbi.MaxBytes || request.Length != 1 + (int)((count + 7) / 8))
            {
                return Reply(ConsoleError.BadLength, 0);
            }

            n = (int)count;
            r.CopyOut(1, new Span<byte>(_message, 0, n));
        }

        int taken = 0;
        while (taken < n && _transmit.IsEmpty && _uart.CanSend)
        {
            _uart.Send(_message[taken++]);
        }

        NoteSent(taken);

        taken += _transmit.Write(new ReadOnlySpan<byte>(_message, taken, n - taken));
        if (!_transmit.IsEmpty)
        {
            _uart.Mask |= Pl011.TransmitInterrupt; // the interrupt drains the rest as the FIFO empties
        }

        _transmitWasFull |= taken < n;
        return Reply(ConsoleError.Ok, (ulong)taken);
    }

    // Reply MR0 = n received bytes from MR1.
    private MessageInfo ReadOut()
    {
        int n = _receive.Read(new Span<byte>(_message));
        using (var w = Ipc.Write())
        {
            w.SetMr(0, (ulong)n);
            w.CopyIn(1, new ReadOnlySpan<byte>(_message, 0, n));
        }

        return new MessageInfo(0, 0, 0, 1 + ((n + 7) / 8));
    }

    private void Drain()
    {
        int sent = 0;
        while (!_transmit.IsEmpty && _uart.CanSend)
        {
            _transmit.TryTake(out byte b);
            _uart.Send(b);
            sent++;
        }

        NoteSent(sent);

        if (_transmit.IsEmpty)
        {
            _uart.Mask &= ~Pl011.TransmitInterrupt;
        }
    }

    // Bench builds: the last byte of a key's answer went to the FIFO now (empty otherwise).
    private void NoteSent(int bytes)
    {
#if SMOS_BENCH
        if (_measuring && bytes > 0)
        {
            _spans.Sent(BenchCounter.ReadTotal());
        }
#else
        _ = bytes;
#endif
    }

    // The caller of Read is the reader from now on; its doorbell is made once.
    private void Listen(ulong badge)
    {
        if (badge == _readerBadge && _readerBell.IsValid)
        {
            return;
        }

        if (_readerBell.IsValid)
        {
            CapSpace.Delete(_readerBell.Notification.Cptr);
        }

        _readerBadge = badge;
        _readerBell = Connections.Doorbell(badge, out Doorbell bell) == RootError.Ok ? bell : default;
    }

    private void Ring()
    {
        if (_readerBell.IsValid)
        {
            _readerBell.Ring();
        }
    }

    private static MessageInfo Reply(ConsoleError e, ulong value)
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, value);
        }

        return new MessageInfo((ulong)e, 0, 0, 1);
    }
}
