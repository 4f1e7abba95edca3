// Finding a method's unwind description (.eh_frame CIE/FDE) and applying it: one frame up the stack.
using System.Runtime.InteropServices;

namespace Internal.Runtime.Exceptions;

/// <summary>
/// The registers of one frame that survive calls: the callee-saved x19-x28, the frame pointer, the stack pointer and
/// the program counter (a return address, except in the frame that threw). Laid out for runtime.S.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RegisterContext
{
    public fixed long X[10]; // x19..x28
    public nint Fp;
    public nint Lr;
    public nint Sp;
    public nint Pc;
}

/// <summary>One method's unwind entry: its code range, its LSDA (ILC's per-method EH and GC info) and its CFI program.</summary>
internal unsafe struct FrameDescription
{
    public nint Start;
    public nint End;
    public byte* Lsda;
    public byte* Instructions;
    public byte* InstructionsEnd;
    public byte* CieInstructions;
    public byte* CieInstructionsEnd;
    public long DataAlign;
    public ulong CodeAlign;
}

/// <summary>
/// Reads ILC's .eh_frame: a CIE ("zLR": pc-relative signed 4-byte pointers) and one FDE per method and funclet, whose
/// CFI describes the prologue only (the frame pointer set up, x29/x30 and callee-saved registers stored relative to
/// the CFA). <see cref="Step"/> executes it to find the caller's registers.
/// </summary>
internal static unsafe class EhFrame
{
    // A register the CFI has not saved.
    private const long Unset = unchecked((long)0x8000_0000_0000_0000);

    /// <summary>Parses the entry at <paramref name="entry"/> (an FDE) into <paramref name="fde"/>.</summary>
    public static bool Parse(byte* entry, out FrameDescription fde)
    {
        fde = default;
        uint length = *(uint*)entry;
        uint cieOffset = *(uint*)(entry + 4);
        if (length == 0 || length == 0xffffffff || cieOffset == 0)
        {
            return false;
        }

        byte* cie = entry + 4 - cieOffset;
        byte* end = entry + 4 + length;
        byte* c = cie + 8; // length, id
        c++; // version
        byte* augmentation = c;
        while (*c != 0)
        {
            c++;
        }

        c++;
        fde.CodeAlign = ReadUleb(ref c);
        fde.DataAlign = ReadSleb(ref c);
        c++; // return address register (30)
        byte lsdaEncoding = 0xff;
        byte* cieEnd = cie + 4 + *(uint*)cie;
        if (augmentation[0] == 'z')
        {
            ulong augLength = ReadUleb(ref c);
            byte* augData = c;
            for (byte* a = augmentation + 1; *a != 0; a++)
            {
                if (*a == 'L')
                {
                    lsdaEncoding = *augData++;
                }
                else if (*a == 'R')
                {
                    augData++;
                }
                else if (*a == 'P')
                {
                    byte encoding = *augData++;
                    ReadEncoded(ref augData, encoding);
                }
            }

            c += augLength;
        }

        fde.CieInstructions = c;
        fde.CieInstructionsEnd = cieEnd;

        byte* f = entry + 8;
        fde.Start = ReadEncoded(ref f, 0x1b);
        fde.End = fde.Start + *(int*)f;
        f += 4;
        ulong fdeAug = ReadUleb(ref f);
        byte* afterAug = f + fdeAug;
        if (lsdaEncoding != 0xff && fdeAug >= 4)
        {
            fde.Lsda = (byte*)ReadEncoded(ref f, lsdaEncoding);
        }

        fde.Instructions = afterAug;
        fde.InstructionsEnd = end;
        return true;
    }

    /// <summary>
    /// Moves <paramref name="frame"/> to its caller, by the CFI of <paramref name="fde"/>: false if the CFI uses
    /// something this unwinder does not know (then the walk ends).
    /// </summary>
    public static bool Step(in FrameDescription fde, ref RegisterContext frame)
    {
        int cfaRegister = 31;
        long cfaOffset = 0;
        long* saved = stackalloc long[32];
        for (int i = 0; i < 32; i++)
        {
            saved[i] = Unset;
        }

        nint target = frame.Pc - 1;
        if (!Run(fde, fde.CieInstructions, fde.CieInstructionsEnd, fde.Start, unchecked((nint)0x7fff_ffff_ffff_ffff), ref cfaRegister, ref cfaOffset, saved) ||
            !Run(fde, fde.Instructions, fde.InstructionsEnd, fde.Start, target, ref cfaRegister, ref cfaOffset, saved))
        {
            return false;
        }

        nint cfaBase = cfaRegister == 29 ? frame.Fp : (cfaRegister == 31 ? frame.Sp : 0);
        if (cfaBase == 0)
        {
            return false;
        }

        nint cfa = cfaBase + (nint)cfaOffset;
        for (int r = 19; r <= 28; r++)
        {
            if (saved[r] != Unset)
            {
                frame.X[r - 19] = *(long*)(cfa + (nint)saved[r]);
            }
        }

        nint returnAddress = saved[30] != Unset ? *(nint*)(cfa + (nint)saved[30]) : frame.Lr;
        if (saved[29] != Unset)
        {
            frame.Fp = *(nint*)(cfa + (nint)saved[29]);
        }

        frame.Sp = cfa;
        frame.Pc = returnAddress;
        frame.Lr = 0;
        return true;
    }

    private static bool Run(in FrameDescription fde, byte* p, byte* end, nint location, nint target, ref int cfaRegister, ref long cfaOffset, long* saved)
    {
        while (p < end)
        {
            byte op = *p++;
            int high = op & 0xc0;
            int low = op & 0x3f;
            if (high == 0x40)
            {
                location += (nint)((ulong)low * fde.CodeAlign);
                if (location > target)
                {
                    return true;
                }

                continue;
            }

            if (high == 0x80)
            {
                saved[low & 31] = (long)ReadUleb(ref p) * fde.DataAlign;
                continue;
            }

            if (high == 0xc0)
            {
                saved[low & 31] = Unset;
                continue;
            }

            switch (op)
            {
                case 0x00: // nop
                    break;
                case 0x02: // advance_loc1
                case 0x03: // advance_loc2
                case 0x04: // advance_loc4
                    ulong delta = op == 0x02 ? *p : (op == 0x03 ? *(ushort*)p : *(uint*)p);
                    p += op == 0x02 ? 1 : (op == 0x03 ? 2 : 4);
                    location += (nint)(delta * fde.CodeAlign);
                    if (location > target)
                    {
                        return true;
                    }

                    break;
                case 0x05: // offset_extended
                    ulong reg = ReadUleb(ref p);
                    saved[reg & 31] = (long)ReadUleb(ref p) * fde.DataAlign;
                    break;
                case 0x0c: // def_cfa
                    cfaRegister = (int)ReadUleb(ref p);
                    cfaOffset = (long)ReadUleb(ref p);
                    break;
                case 0x0d: // def_cfa_register
                    cfaRegister = (int)ReadUleb(ref p);
                    break;
                case 0x0e: // def_cfa_offset
                    cfaOffset = (long)ReadUleb(ref p);
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    public static ulong ReadUleb(ref byte* p)
    {
        ulong value = 0;
        int shift = 0;
        byte b;
        do
        {
            b = *p++;
            value |= (ulong)(b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return value;
    }

    public static long ReadSleb(ref byte* p)
    {
        long value = 0;
        int shift = 0;
        byte b;
        do
        {
            b = *p++;
            value |= (long)(b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0)
        {
            value |= -1L << shift;
        }

        return value;
    }

    // Only the encodings ILC uses: pc-relative or absolute, signed 4 bytes or 8 bytes.
    private static nint ReadEncoded(ref byte* p, byte encoding)
    {
        byte* at = p;
        nint value;
        if ((encoding & 0x0f) == 0x0b)
        {
            value = *(int*)p;
            p += 4;
        }
        else
        {
            value = *(nint*)p;
            p += 8;
        }

        return (encoding & 0x70) == 0x10 ? (nint)at + value : value;
    }
}
