// The PL011 UART's registers, read and written with volatile accesses through the device mapping.
using System.Threading;

namespace Smos.Pl011Driver;

/// <summary>
/// The ARM PL011 UART (QEMU virt: 0x09000000, interrupt 33) as the driver uses it: data, flags, interrupt mask, masked
/// status and clear. Every access is volatile: the registers are device memory the hardware changes.
/// </summary>
internal readonly unsafe struct Pl011
{
    private const int Data = 0x000;
    private const int Flags = 0x018;
    private const int LineControl = 0x02C;
    private const int Control = 0x030;
    private const int FifoLevels = 0x034;
    private const int InterruptMask = 0x038;
    private const int MaskedStatus = 0x040;
    private const int InterruptClear = 0x044;

    /// <summary>Flags: the transmit FIFO is full.</summary>
    public const uint TransmitFull = 1u << 5;

    /// <summary>Flags: the receive FIFO is empty.</summary>
    public const uint ReceiveEmpty = 1u << 4;

    /// <summary>Interrupt bits: receive, transmit, receive timeout (characters waiting below the FIFO's level).</summary>
    public const uint ReceiveInterrupt = 1u << 4;

    /// <inheritdoc cref="ReceiveInterrupt"/>
    public const uint TransmitInterrupt = 1u << 5;

    /// <inheritdoc cref="ReceiveInterrupt"/>
    public const uint ReceiveTimeoutInterrupt = 1u << 6;

    private readonly byte* _base;

    public Pl011(ulong vaddr) { _base = (byte*)vaddr; }

    public uint ReadFlags() => Volatile.Read(ref Reg(Flags));

    public bool CanSend => (ReadFlags() & TransmitFull) == 0;

    public bool HasInput => (ReadFlags() & ReceiveEmpty) == 0;

    public void Send(byte b) => Volatile.Write(ref Reg(Data), b);

    /// <summary>The next received byte (the data register's low 8 bits; error bits dropped).</summary>
    public byte Receive() => (byte)(Volatile.Read(ref Reg(Data)) & 0xff);

    public uint Pending => Volatile.Read(ref Reg(MaskedStatus));

    public void Clear(uint bits) => Volatile.Write(ref Reg(InterruptClear), bits);

    public uint Mask
    {
        get => Volatile.Read(ref Reg(InterruptMask));
        set => Volatile.Write(ref Reg(InterruptMask), value);
    }

    /// <summary>
    /// Enables the UART, its transmitter and receiver, its FIFOs (so a burst of typed bytes, a pasted line, waits in the
    /// receive FIFO instead of one byte at a time: QEMU holds back the next byte while the one-byte holding register is
    /// full) and interrupts at 1/8 full FIFOs; keeps the other line settings.
    /// </summary>
    public void Start()
    {
        Volatile.Write(ref Reg(LineControl), Volatile.Read(ref Reg(LineControl)) | 0x10); // FEN
        Volatile.Write(ref Reg(FifoLevels), 0); // transmit and receive at 1/8
        Volatile.Write(ref Reg(Control), Volatile.Read(ref Reg(Control)) | 0x301); // UARTEN, TXE, RXE
    }

    private ref uint Reg(int offset) => ref *(uint*)(_base + offset);
}
