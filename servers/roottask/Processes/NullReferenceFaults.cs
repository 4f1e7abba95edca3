// Turns an app's read or write near address 0 into a NullReferenceException: the thread resumes in its runtime's entry.
using System;
using Smos.Formats;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

/// <summary>
/// A null dereference in C# code is a load or store near address 0, which seL4 reports to the root task as a VM fault.
/// As .NET does with a signal handler on Linux, the root task hands it back to the app: when the fault is a data access
/// below <see cref="Limit"/> from code of the app's ELF, and the ELF has the runtime's entry
/// <c>smos_null_reference_fault</c> (kernel-glue/arch/aarch64/runtime.S), the thread's pc becomes that entry and x0 the
/// faulting instruction's address; the reply to the fault restarts the thread there, and the runtime throws a
/// <c>NullReferenceException</c> from the faulting instruction. Every other register is left as it was.
/// </summary>
internal static class NullReferenceFaults
{
    /// <summary>Faults at addresses below this are null dereferences (nothing is ever mapped there: apps start at 0x400000).</summary>
    public const ulong Limit = 0x10000;

    /// <summary>The runtime's entry for such faults.</summary>
    public static ReadOnlySpan<byte> EntrySymbol => "smos_null_reference_fault"u8;

    // seL4's VM fault message on AArch64: IP, Addr, PrefetchFault, FSR.
    private const int Words = 4;

    /// <summary>True when the thread will resume in the runtime's entry (the caller then replies to the fault).</summary>
    public static bool TryRedirect(ServerKernel kernel, AppArchive apps, Process p, ReadOnlySpan<ulong> mrs)
    {
        if (mrs.Length < Words || mrs[1] >= Limit || mrs[2] != 0 || p.TcbSlot.IsNone)
        {
            return false; // not a data access near 0 (an instruction fetch, such as a call through a null pointer, is not)
        }

        if (apps.Find(p.NameBytes, out ReadOnlySpan<byte> elf) != CpioResult.Ok ||
            Elf.Parse(elf, out ElfHeader header) != ElfError.Ok ||
            Elf.InLoadSegment(elf, header, mrs[0], out bool inApp) != ElfError.Ok || !inApp ||
            Elf.FindSymbolAddress(elf, header, EntrySymbol, out ulong entry, out _) != ElfError.Ok)
        {
            return false;
        }

        if (kernel.ReadRegisters(p.TcbSlot, out UserContext registers) != Sel4Error.NoError)
        {
            return false;
        }

        registers.X0 = mrs[0];
        registers.Pc = entry;
        return kernel.WriteRegisters(p.TcbSlot, resume: false, registers) == Sel4Error.NoError;
    }
}
