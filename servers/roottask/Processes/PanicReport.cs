// Prints the FAULT line (kind=panic) for a process's last words: its text, the code address and the nearest symbol of its ELF.
using System;
using Smos.Formats;
using Smos.RootTask.Resources;

namespace Smos.RootTask.Processes;

internal static class PanicReport
{
    /// <summary>
    /// One line in the shape of the other FAULT lines, so buildsys adds the source line as it does for faults:
    /// <c>FAULT pid=N name=NAME kind=panic (TEXT) pc=0x.. addr=0x0 [at SYMBOL+0x..]</c>. Bytes of the text other than
    /// printable ASCII become '?'.
    /// </summary>
    public static void Print(ServerKernel console, AppArchive apps, Process p, ulong pc, ReadOnlySpan<byte> text)
    {
        console.Write("FAULT pid=");
        console.WriteDecimal(p.Pid);
        console.Write(" name=");
        console.Write(p.NameBytes);
        console.Write(" kind=panic (");
        for (int i = 0; i < text.Length; i++)
        {
            byte c = text[i];
            console.WriteByte(c >= 32 && c < 127 ? c : (byte)'?');
        }

        console.Write(") pc=");
        console.WriteHex(pc);
        console.Write(" addr=0x0");
        if (pc != 0 &&
            apps.Find(p.NameBytes, out ReadOnlySpan<byte> elf) == CpioResult.Ok &&
            Elf.Parse(elf, out ElfHeader header) == ElfError.Ok &&
            Elf.FindSymbol(elf, header, pc, out ReadOnlySpan<byte> symbol, out ulong offset) == ElfError.Ok)
        {
            console.Write(" at ");
            console.Write(symbol);
            console.Write("+");
            console.WriteHex(offset);
        }

        console.Write("\n");
    }
}
