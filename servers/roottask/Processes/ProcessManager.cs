// Sets up the process server (scratch window, server endpoint, table) and runs it with the boot script.
using Internal.Runtime;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

internal static class ProcessManager
{
    public const int MaxProcesses = 8;

    /// <summary>Never returns: the root task serves its processes from here on.</summary>
    public static void Run(RootResources res)
    {
        // Page tables for the scratch window through which the root task fills processes' frames.
        ulong probe = res.NewObject(ObjectType.SmallPage, 0, out Sel4Result r);
        if (probe == 0 || !res.MapInRoot(probe, ForeignMemory.ScratchVaddr).IsOk || !new Page(probe).Unmap().IsOk)
        {
            Result.Fail("PROC", "could not set up the scratch mapping window");
            Result.Done();
            return;
        }

        // The same for the window where the connection server maps notification buffers (all in one 2 MiB table).
        if (!res.MapInRoot(probe, Connections.ConnectionServer.RootBufferWindow).IsOk || !new Page(probe).Unmap().IsOk)
        {
            Result.Fail("PROC", "could not set up the notification-buffer window");
            Result.Done();
            return;
        }

        ulong endpoint = res.NewObject(ObjectType.Endpoint, 0, out r);
        if (endpoint == 0)
        {
            Result.Fail("PROC", "could not create the server endpoint");
            Result.Done();
            return;
        }

        var table = new ProcessTable(MaxProcesses);
        var spawner = new Spawner(res.Untyped, table, endpoint);
        var server = new RootServer(table, spawner, new Endpoint(endpoint), res.Slots);
#if SMOS_BENCH
        var script = new Bench.BenchScript(spawner); // `buildsys bench`: init apps, then the benchmark rows
#else
        var script = new BootScript(spawner, table, server, res.Untyped, res.Slots);
#endif
        server.Observe(script);
        server.Serve(new Connections.ConnectionServer(res, spawner), new Connections.Broker(res));
        DebugConsole.WriteLine("process server: ready");
        script.Start();
        server.Run();
    }
}
