// The self-test boot script's report of a demo's peaks: the most each table of the root task held at once, and per process.
using Internal.Runtime;

namespace Smos.RootTask.SelfTest;

internal sealed partial class BootScript
{
    // The most each table of the root task held at once since the baseline (they grow with demand), and the most root
    // slots in use (all of them, and those the demo held beyond the baseline) in how many CNodes the CSpace has now.
    private void PrintPeaks()
    {
        DebugConsole.Write("  peaks: processes=");
        DebugConsole.WriteDecimal((ulong)_server.Table.Peak);
        DebugConsole.Write(" publications=");
        DebugConsole.WriteDecimal((ulong)_server.Connections.Registry.PeakPublications);
        DebugConsole.Write(" connections=");
        DebugConsole.WriteDecimal((ulong)_server.Connections.Registry.PeakConnections);
        DebugConsole.Write(" topics=");
        DebugConsole.WriteDecimal((ulong)_server.Broker.Registry.PeakTopics);
        DebugConsole.Write(" subscriptions=");
        DebugConsole.WriteDecimal((ulong)_server.Broker.Registry.PeakSubscriptions);
        DebugConsole.Write(" root-slots=");
        DebugConsole.WriteDecimal((ulong)_mostUsedSlots);
        DebugConsole.Write(" demo-slots=");
        DebugConsole.WriteDecimal((ulong)(_mostUsedSlots - _usedSlotsBefore));
        DebugConsole.Write(" cnodes=");
        DebugConsole.WriteDecimal((ulong)_slots.Nodes);
        DebugConsole.Write("; one process: allocations=");
        DebugConsole.WriteDecimal((ulong)_mapper.MostAllocations);
        DebugConsole.Write(" pages=");
        DebugConsole.WriteDecimal((ulong)_mapper.MostPages);
        DebugConsole.Write(" page-tables=");
        DebugConsole.WriteDecimal((ulong)_mapper.MostTables);
        DebugConsole.Write("; page tables returned before exit=");
        DebugConsole.WriteDecimal((ulong)_mapper.TablesReturned);
        DebugConsole.WriteChar('\n');
    }
}
