// The console server's entry: open the serial driver, take over the root task's output, publish "console", serve.
using System;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.ConsoleServer;

/// <summary>
/// services/console: started by the init list with <c>may:console</c> (<c>&amp;may:console console</c>), after the serial
/// driver. It opens "uart", asks the root task for its output (ConsoleAttach: from then on everything the system prints
/// comes through its ring), publishes "console" and serves <see cref="ConsoleRequest"/> until the system stops.
/// </summary>
public static class ConsoleMain
{
    public static int Main(string[] args)
    {
        // A service runs for good: collect garbage rather than grow, and keep what was grown (no chunk grown and given
        // back in the middle of a demo's memory check; libsmos Memory.UseServerHeap).
        Memory.UseServerHeap();
        if (Connections.OpenWhenPublished(UartAbi.Name, out Connection uart, attempts: 1000) != RootError.Ok)
        {
            Console.WriteLine("console: no serial driver (nothing publishes \"uart\": the init list starts drivers/pl011 first)");
            return 1;
        }

        var service = new ConsoleService(uart.Endpoint);
        RootError e = SystemControl.AttachConsole();
        if (e != RootError.Ok)
        {
            Console.WriteLine($"console: the root task refused its output ({Process.Describe(e)}): start it with may:console in the init list");
            return 1;
        }

        // Everything set up before the name is published (the self-test's demos start once it is, and count what the
        // system holds from then on): the driver makes its doorbell to us at our first Read.
        service.Pump();
        if (Connections.Publish(ConsoleAbi.Name, out Publication publication) != RootError.Ok)
        {
            Console.WriteLine("console: cannot publish \"console\" (another console server runs?)");
            return 1;
        }

        Server.Run(publication, service);
        return 0;
    }
}
