// crash: prints a line, then reads the unmapped address 0xdead0000: a VM fault the root task must catch and report.
using System.Runtime.InteropServices;
using System.Threading;
using Smos.Lib;

namespace Smos.Apps;

/// <summary>A deliberately faulting app, for the root task's fault handling (its fault endpoint is cap slot 6).</summary>
public static unsafe class Crash
{
    /// <summary>Far above the app's image and beyond any heap break the root task grants: never mapped.</summary>
    public const ulong FaultAddress = 0xdead_0000;

    [UnmanagedCallersOnly(EntryPoint = "smos_app_main")]
    private static int Main()
    {
        // No fault words in this line: buildsys test treats "VM fault" and "FAULT" in the output as kernel faults.
        Console.Write(Args.Get(0));
        Console.Write(": reading unmapped address ");
        Console.WriteHex(FaultAddress);
        Console.WriteLine(": the root task should report this and end the process");

        // A volatile load: the compiler can neither drop nor move it.
        ulong value = Volatile.Read(ref *(ulong*)FaultAddress);

        Console.Write(Args.Get(0));
        Console.Write(": survived the read (value ");
        Console.WriteHex(value);
        Console.WriteLine("): the address was mapped");
        return 1;
    }
}
