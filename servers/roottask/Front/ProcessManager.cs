// Starts the process server over the root task's resources, and serves its processes forever with a script observing them.
using Internal.Runtime;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Front;

internal static class ProcessManager
{
    /// <summary>The process server with the linked apps archive; null and <paramref name="problem"/> when it could not start.</summary>
    public static ProcessServer? Start(RootResources res, out string? problem)
    {
        problem = ProcessServer.Create(res, LinkedApps.Open(), out ProcessServer? server);
        if (problem is null && server is null)
        {
            problem = "could not start the process server";
        }

        return problem is null ? server : null;
    }

    /// <summary>Never returns: starts <paramref name="script"/> and serves the processes from here on.</summary>
    public static void Serve(ProcessServer server, ProcessScript script)
    {
        server.Dispatcher.Observe(script);
        DebugConsole.WriteLine("process server: ready");
        script.Start();
        new RootServer(server.Dispatcher, new Endpoint(server.EndpointSlot)).Run(script);
    }
}
