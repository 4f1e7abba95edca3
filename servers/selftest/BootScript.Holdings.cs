// The self-test boot script's record of what each live process held at the baseline, and the processes that hold more or less at the end.
using Internal.Runtime;
using Smos.Protocol;
using Smos.RootTask.Processes;

namespace Smos.RootTask.SelfTest;

internal sealed partial class BootScript
{
    private const int MaxHoldings = 32;

    // Per live process at the baseline (the services, the init apps still running): pid, memory and slots charged to it,
    // and its heap grants' pages.
    private readonly ulong[] _heldPid = new ulong[MaxHoldings];
    private readonly ulong[] _heldMemory = new ulong[MaxHoldings];
    private readonly ulong[] _heldSlots = new ulong[MaxHoldings];
    private readonly int[] _heldHeapPages = new int[MaxHoldings];
    private int _heldCount;

    private void RecordHoldings()
    {
        _heldCount = 0;
        ProcessTable table = _server.Table;
        for (int i = 0; i < table.Capacity && _heldCount < MaxHoldings; i++)
        {
            Process p = table.At(i);
            if (p.State != ProcessState.Running)
            {
                continue;
            }

            _heldPid[_heldCount] = p.Pid;
            _heldMemory[_heldCount] = p.Account.UsedOf(QuotaKind.Memory);
            _heldSlots[_heldCount] = p.Account.UsedOf(QuotaKind.Slots);
            _heldHeapPages[_heldCount] = p.HeapPages;
            _heldCount++;
        }
    }

    // One line for each process live at the baseline and now whose memory or slots changed: which process kept (or gave
    // back) what a failed comparison counts. Printed before the figures line.
    private void PrintChangedHoldings()
    {
        for (int k = 0; k < _heldCount; k++)
        {
            Process? p = _server.Table.Find(_heldPid[k]);
            if (p is null || p.State != ProcessState.Running)
            {
                continue;
            }

            ulong memory = p.Account.UsedOf(QuotaKind.Memory);
            ulong slots = p.Account.UsedOf(QuotaKind.Slots);
            if (memory == _heldMemory[k] && slots == _heldSlots[k])
            {
                continue;
            }

            DebugConsole.Write("  held: pid ");
            DebugConsole.WriteDecimal(p.Pid);
            DebugConsole.Write(" (");
            DebugConsole.Write(new System.ReadOnlySpan<byte>(p.Name, 0, p.NameLength));
            DebugConsole.Write(") memory before=");
            DebugConsole.WriteDecimal(_heldMemory[k]);
            DebugConsole.Write(" after=");
            DebugConsole.WriteDecimal(memory);
            DebugConsole.Write(", slots before=");
            DebugConsole.WriteDecimal(_heldSlots[k]);
            DebugConsole.Write(" after=");
            DebugConsole.WriteDecimal(slots);
            DebugConsole.Write(", heap pages before=");
            DebugConsole.WriteDecimal((ulong)_heldHeapPages[k]);
            DebugConsole.Write(" after=");
            DebugConsole.WriteDecimal((ulong)p.HeapPages);
            DebugConsole.WriteChar('\n');
        }
    }
}
