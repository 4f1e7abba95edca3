// The timer server's entry: check its interrupt grant, publish "timer", serve every client from one deadline queue.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.TimerServer;

/// <summary>
/// services/timer: owns the EL1 physical timer (CNTP) and its interrupt, PPI 30, granted by the init list
/// (<c>&amp;irq:30 timer</c>: started as a service, not waited for), and serves <see cref="TimerAbi"/> to every process
/// that opens "timer" (libsmos's Clock does). It runs until the system stops.
/// </summary>
public static class TimerMain
{
    public static int Main(string[] args)
    {
        // A service runs for good: collect garbage rather than grow, and keep what was grown (no chunk grown and given
        // back in the middle of a demo's memory check; libsmos Memory.UseServerHeap).
        Memory.UseServerHeap();
        ulong frequency = GenericTimer.Frequency;
        if (frequency == 0)
        {
            Console.WriteLine("timer: CNTFRQ_EL0 reads 0: no usable generic timer");
            return 1;
        }

        // The handler of the granted interrupt is in CapSlots.IrqHandler; without a grant the slot is empty and the
        // acknowledgement (which also unmasks it for the first time) fails.
        Sel4Result ack = new IrqHandler(CapSlots.IrqHandler).Ack();
        if (!ack.IsOk)
        {
            Console.WriteLine($"timer: no interrupt grant in slot {CapSlots.IrqHandler} ({Sel4Result.Describe(ack.Error)}): start it with irq:30 in the init list");
            return 1;
        }

        // Everything set up before the name is published (the self-test's demos start once it is): from then on the
        // server only serves.
        GenericTimer.Disarm(); // whatever an earlier owner or another thread left in the registers
        var service = new TimerService(frequency);
        Console.WriteLine($"timer: serving \"timer\" on interrupt 30, counter at {frequency} Hz, {TimerAbi.MaxPendingPerClient} timers per connection");
        if (Connections.Publish(TimerAbi.Name, out Publication publication) != RootError.Ok)
        {
            Console.WriteLine("timer: cannot publish \"timer\" (another timer server runs?)");
            return 1;
        }

        Server.Run(publication, service);
        return 0;
    }
}
