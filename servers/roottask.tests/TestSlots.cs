// Short spellings of typed slots for tests: Root(10) is root-CNode slot 10, InProcess(3) slot 3 of a process's CNode.
using Smos.RootTask.Resources;

namespace Smos.RootTask.Tests;

public static class TestSlots
{
    public static RootSlot Root(ulong index) => new(index);

    public static ProcessSlot InProcess(ulong index) => new(index);
}
