// Target only: the root task's servers with the apps linked into its image, served forever with a script observing them.
using Internal.Runtime;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Front;

internal sealed partial class RootServices
{
    /// <summary>The servers with the linked apps archive; null and <paramref name="problem"/> when they could not start.</summary>
    public static RootServices? Start(RootResources res, out string? problem)
    {
        problem = Create(res, LinkedApps.Open(), out RootServices? server);
        if (problem is null && server is null)
        {
            problem = "could not start the process server";
        }

        return problem is null ? server : null;
    }

    /// <summary>Never returns: starts <paramref name="script"/> and serves the processes from here on.</summary>
    public void Serve(ProcessScript script)
    {
        Dispatcher.Observe(script);
        DebugConsole.Write("process server: ready; quota pool ");
        DebugConsole.WriteDecimal(Table.Pool.Limit.Memory >> 20);
        DebugConsole.Write(" MiB for the processes it starts (");
        DebugConsole.WriteDecimal(Smos.Protocol.ProcessQuota.RootDefault.Memory >> 20);
        DebugConsole.WriteLine(" MiB each), the rest kept in reserve");
        script.Start();
        new ServerLoop(Dispatcher, new Endpoint(EndpointSlot.Index)).Run(script);
    }
}
