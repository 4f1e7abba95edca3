// Starts the process server with the linked apps archive and the boot script, and serves forever.
using Internal.Runtime;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

internal static class ProcessManager
{
    /// <summary>Never returns: the root task serves its processes from here on.</summary>
    public static void Run(RootResources res)
    {
        string? problem = ProcessServer.Create(res, LinkedApps.Open(), out ProcessServer? server);
        if (problem is not null || server is null)
        {
            Result.Fail("PROC", problem ?? "could not start the process server");
            Result.Done();
            return;
        }

#if SMOS_BENCH
        var script = new Bench.BenchScript(server.Spawner); // `buildsys bench`: init apps, then the benchmark rows
#else
        var script = new BootScript(server.Spawner, server.Table, server.Dispatcher, res.Untyped, res.Slots);
#endif
        server.Dispatcher.Observe(script);
        DebugConsole.WriteLine("process server: ready");
        script.Start();
        new RootServer(server.Dispatcher, new Endpoint(server.EndpointSlot)).Run(script);
    }
}
