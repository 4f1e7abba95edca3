// What the SystemStatus request reads of the root task's heap (the real heap on seL4, a fake in host tests).
namespace Smos.RootTask.Resources;

/// <summary>The root task's heap as <see cref="RootResources.HeapMeter"/> shows it: its size and use, and a collection.</summary>
internal interface IHeapMeter
{
    /// <summary>Bytes of the heap (its .bss region and every chunk it grew by).</summary>
    ulong Size { get; }

    /// <summary>Bytes in use: live objects and garbage not yet collected.</summary>
    ulong Used { get; }

    /// <summary>A full collection (main thread, outside any IPC-buffer scope).</summary>
    void Collect();
}
