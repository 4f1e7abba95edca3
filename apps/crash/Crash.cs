// crash: faults on purpose so the root task's fault handling can be seen: a VM fault, an undefined instruction
// or an unknown system call (argument "vm" (default), "undefined" or "syscall").
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;
using Smos.Lib;

namespace Smos.Apps;

/// <summary>A deliberately faulting app, for the root task's fault handling (its fault endpoint is cap slot 6).</summary>
public static unsafe class Crash
{
    /// <summary>Far above the app's image and beyond any heap break the root task grants: never mapped.</summary>
    public const ulong FaultAddress = 0xdead_0000;

    public static int Main(string[] args)
    {
        // No fault words in these lines: buildsys test reads "VM fault" and "FAULT" in the output as kernel faults.
        ReadOnlySpan<byte> mode = Args.Count > 1 ? Args.Get(1) : "vm"u8;
        Console.Write(Args.Name);
        if (Ascii.Equal(mode, "undefined"u8))
        {
            Console.WriteLine(": executing an undefined instruction");
            UndefinedInstruction();
        }
        else if (Ascii.Equal(mode, "syscall"u8))
        {
            Console.WriteLine(": making a system call seL4 does not have");
            UnknownSyscall();
        }
        else
        {
            Console.WriteLine($": reading unmapped address 0x{FaultAddress:x}: the root task should report this and end the process");

            // A volatile load: the compiler can neither drop nor move it.
            ulong value = Volatile.Read(ref *(ulong*)FaultAddress);
            Console.WriteLine($"survived the read (value 0x{value:x}): the address was mapped");
        }

        Console.WriteLine($"{Args.Name}: still running after the fault: the root task did not stop this process");
        return 1;
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_test_undefined_instruction")]
    private static extern void UndefinedInstruction();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_test_unknown_syscall")]
    private static extern void UnknownSyscall();
}
