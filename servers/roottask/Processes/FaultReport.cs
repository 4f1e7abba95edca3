// Prints the FAULT line for a process's fault message (kind, pc, address, nearest symbol of the app's ELF).
using System;
using Smos.Formats;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

internal static class FaultReport
{
    /// <summary>Fault labels of seL4 16.0.0 on AArch64 (docs/sel4-abi.md, "Fault messages").</summary>
    public const ulong CapFault = 1;
    public const ulong UnknownSyscall = 2;
    public const ulong UserException = 3;
    public const ulong VmFault = 5;

    /// <summary>
    /// One line: <c>FAULT pid=N name=NAME kind=KIND pc=0x.. addr=0x.. [at SYMBOL+0x..]</c>. buildsys recognises it
    /// (a handled app fault) and adds the source line where the ELF has one. The symbol part is there only when the pc
    /// lies in one of the ELF's PT_LOAD segments and in the section of the symbol found (<see cref="Elf.FindSymbol"/>):
    /// a wild pc is printed as the bare address, never as the image's last symbol plus a large offset.
    /// </summary>
    public static void Print(ServerKernel console, AppArchive apps, Process p, MessageInfo info, ReadOnlySpan<ulong> mrs)
    {
        Decode(info.Label, mrs, out string kind, out ulong pc, out ulong address);
        console.Write("FAULT pid=");
        console.WriteDecimal(p.Pid);
        console.Write(" name=");
        console.Write(p.NameBytes);
        console.Write(" kind=");
        console.Write(kind);
        console.Write(" pc=");
        console.WriteHex(pc);
        console.Write(" addr=");
        console.WriteHex(address);
        if (apps.Find(p.NameBytes, out ReadOnlySpan<byte> elf) == CpioResult.Ok &&
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

    /// <summary>The fault's kind, faulting pc and (VM and capability faults) address from its message registers.</summary>
    public static void Decode(ulong label, ReadOnlySpan<ulong> mrs, out string kind, out ulong pc, out ulong address)
    {
        address = 0;
        switch (label)
        {
            case VmFault:
                kind = "VM fault";
                pc = Mr(mrs, 0);
                address = Mr(mrs, 1);
                break;
            case UserException:
                kind = "user exception (undefined instruction)";
                pc = Mr(mrs, 0);
                break;
            case UnknownSyscall:
                kind = "unknown system call";
                pc = Mr(mrs, 8);
                break;
            case CapFault:
                kind = "capability fault";
                pc = Mr(mrs, 0);
                address = Mr(mrs, 1);
                break;
            default:
                kind = "fault";
                pc = 0;
                break;
        }
    }

    private static ulong Mr(ReadOnlySpan<ulong> mrs, int index) => index < mrs.Length ? mrs[index] : 0;
}
