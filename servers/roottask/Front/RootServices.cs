// The root task's servers put together: the mapping windows, the server endpoint, the process table, the spawner and the dispatcher.
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Front;

/// <summary>
/// The servers as the root task runs them (and as host tests drive them, over a simulated kernel): created here, served
/// by <see cref="ServerLoop"/> (RootServices.Target.cs) with <see cref="RequestDispatcher"/> deciding.
/// </summary>
internal sealed partial class RootServices
{
    /// <summary>Process records made at boot (the table makes more when more processes live at once).</summary>
    public const int InitialProcessRecords = 8;

    private RootServices(ProcessTable table, Spawner spawner, RequestDispatcher dispatcher, RootSlot endpoint)
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
    public RootSlot EndpointSlot { get; }

    /// <summary>Sets everything up; returns null, or what could not be set up.</summary>
    public static string? Create(RootResources res, AppArchive apps, out RootServices? server)
    {
        server = null;

        // Page tables for the scratch window through which the root task fills processes' frames, and for the
        // window where the connection server maps notification buffers (both stay for the root task's life).
        RootSlot probe = res.NewObject(ObjectType.SmallPage, 0, out _);
        if (probe.IsNone || !res.MapInRoot(probe, ForeignMemory.ScratchVaddr).IsOk || res.Kernel.UnmapFrame(probe) != Sel4Error.NoError)
        {
            return "could not set up the scratch mapping window";
        }

        if (!res.MapInRoot(probe, Connections.ConnectionServer.RootBufferWindow).IsOk || res.Kernel.UnmapFrame(probe) != Sel4Error.NoError)
        {
            return "could not set up the notification-buffer window";
        }

        RootSlot endpoint = res.NewObject(ObjectType.Endpoint, 0, out _);
        if (endpoint.IsNone)
        {
            return "could not create the server endpoint";
        }

        // The start code every process begins in: one frame, filled once, mapped read-only into each process.
        RootSlot startCode = res.NewObject(ObjectType.SmallPage, 0, out _);
        if (startCode.IsNone || new ForeignMemory(res.Kernel).Write(startCode, 0, StartCode.Bytes) != Sel4Error.NoError)
        {
            return "could not set up the processes' start code";
        }

        var table = new ProcessTable(InitialProcessRecords);
        table.Pool.Reset(ProcessTable.PoolFor(res.Untyped.FreeBytes));
        var spawner = new Spawner(res, table, endpoint, apps, startCode);
        server = new RootServices(table, spawner, new RequestDispatcher(res, table, spawner), endpoint);
        return null;
    }
}
