// Creates the process server's parts: the mapping windows, the server endpoint, the table, spawner and dispatcher.
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Front;

/// <summary>The process server as the root task runs it (and as host tests drive it, over a simulated kernel).</summary>
internal sealed class ProcessServer
{
    public const int MaxProcesses = 8;

    private ProcessServer(ProcessTable table, Spawner spawner, RequestDispatcher dispatcher, ulong endpoint)
    {
        Table = table;
        Spawner = spawner;
        Dispatcher = dispatcher;
        EndpointSlot = endpoint;
    }

    public ProcessTable Table { get; }

    public Spawner Spawner { get; }

    public RequestDispatcher Dispatcher { get; }

    /// <summary>Root slot of the endpoint the root task serves (processes hold badged copies).</summary>
    public ulong EndpointSlot { get; }

    /// <summary>Sets everything up; returns null, or what could not be set up.</summary>
    public static string? Create(RootResources res, AppArchive apps, out ProcessServer? server)
    {
        server = null;

        // Page tables for the scratch window through which the root task fills processes' frames, and for the
        // window where the connection server maps notification buffers (both stay for the root task's life).
        ulong probe = res.NewObject(ObjectType.SmallPage, 0, out _);
        if (probe == 0 || !res.MapInRoot(probe, ForeignMemory.ScratchVaddr).IsOk || res.Kernel.UnmapFrame(probe) != Sel4Error.NoError)
        {
            return "could not set up the scratch mapping window";
        }

        if (!res.MapInRoot(probe, Connections.ConnectionServer.RootBufferWindow).IsOk || res.Kernel.UnmapFrame(probe) != Sel4Error.NoError)
        {
            return "could not set up the notification-buffer window";
        }

        ulong endpoint = res.NewObject(ObjectType.Endpoint, 0, out _);
        if (endpoint == 0)
        {
            return "could not create the server endpoint";
        }

        var table = new ProcessTable(MaxProcesses);
        var spawner = new Spawner(res, table, endpoint, apps);
        server = new ProcessServer(table, spawner, new RequestDispatcher(res, table, spawner), endpoint);
        return null;
    }
}
