// Prints the FAULT report for a process's last words: text, code address, an exception's type and callers, as symbols of its ELF.
using System;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Resources;

namespace Smos.RootTask.Processes;

internal static class PanicReport
{
    /// <summary>
    /// One line in the shape of the other FAULT lines, so buildsys adds the source line as it does for faults:
    /// <c>FAULT pid=N name=NAME kind=panic (TEXT) pc=0x.. addr=0x0 [at SYMBOL+0x..]</c>, or for an exception nobody
    /// caught <c>kind=exception TYPE (MESSAGE)</c>, TYPE being the symbol of the exception's MethodTable in the app's
    /// ELF (ILC names it <c>_ZTV</c>, a length and the type's mangled name; the prefix is dropped) or its address.
    /// Then one line per caller: <c>  from pid=N name=NAME pc=0x.. [at SYMBOL+0x..]</c>. Bytes of the text other
    /// than printable ASCII become '?'.
    /// </summary>
    public static void Print(ServerKernel console, AppArchive apps, Process p, in PanicArgs panic)
    {
        ReadOnlySpan<ulong> callers = panic.Callers;
        ReadOnlySpan<byte> text = panic.Text;
        ReadOnlySpan<byte> elf = default;
        ElfHeader header = default;
        bool haveElf = apps.Find(p.NameBytes, out elf) == CpioResult.Ok && Elf.Parse(elf, out header) == ElfError.Ok;

        console.Write("FAULT pid=");
        console.WriteDecimal(p.Pid);
        console.Write(" name=");
        console.Write(p.NameBytes);
        if (panic.ExceptionType == 0)
        {
            console.Write(" kind=panic (");
        }
        else
        {
            console.Write(" kind=exception ");
            if (haveElf && Elf.FindSymbol(elf, header, panic.ExceptionType, out ReadOnlySpan<byte> type, out ulong offset) == ElfError.Ok && offset == 0)
            {
                console.Write(TypeName(type));
            }
            else
            {
                console.WriteHex(panic.ExceptionType);
            }

            console.Write(" (");
        }

        for (int i = 0; i < text.Length; i++)
        {
            byte c = text[i];
            console.WriteByte(c >= 32 && c < 127 ? c : (byte)'?');
        }

        console.Write(") pc=");
        console.WriteHex(panic.Pc);
        console.Write(" addr=0x0");
        WhereIs(console, elf, header, haveElf, panic.Pc);
        console.Write("\n");
        for (int i = 0; i < callers.Length; i++)
        {
            console.Write("  from pid=");
            console.WriteDecimal(p.Pid);
            console.Write(" name=");
            console.Write(p.NameBytes);
            console.Write(" pc=");
            console.WriteHex(callers[i]);
            WhereIs(console, elf, header, haveElf, callers[i]);
            console.Write("\n");
        }
    }

    /// <summary>A MethodTable symbol without ILC's <c>_ZTV</c> and length prefix (other symbols as they are).</summary>
    public static ReadOnlySpan<byte> TypeName(ReadOnlySpan<byte> symbol)
    {
        if (!symbol.StartsWith("_ZTV"u8))
        {
            return symbol;
        }

        int i = 4;
        while (i < symbol.Length && symbol[i] >= (byte)'0' && symbol[i] <= (byte)'9')
        {
            i++;
        }

        return i > 4 && i < symbol.Length ? symbol.Slice(i) : symbol;
    }

    private static void WhereIs(ServerKernel console, ReadOnlySpan<byte> elf, in ElfHeader header, bool haveElf, ulong pc)
    {
        if (pc != 0 && haveElf && Elf.FindSymbol(elf, header, pc, out ReadOnlySpan<byte> symbol, out ulong offset) == ElfError.Ok)
        {
            console.Write(" at ");
            console.Write(symbol);
            console.Write("+");
            console.WriteHex(offset);
        }
    }
}
