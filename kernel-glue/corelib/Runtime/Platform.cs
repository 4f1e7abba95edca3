// The few symbols each program's assembly must provide to the runtime: console output and stopping.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime;

/// <summary>Bindings to the per-program platform layer (arch/aarch64/*.S). Each program links exactly one.</summary>
public static unsafe class Platform
{
    /// <summary>Writes one byte to the debug console (seL4_DebugPutChar in a root task, the UART in the loader).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_putc")]
    public static extern void PutChar(byte c);

    /// <summary>Stops the calling thread for good (suspends it, or parks the CPU in the loader).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_halt")]
    public static extern void Halt();

    /// <summary>Zeroed memory for the allocator's and collector's state (1,400 bytes of the program's .bss: Gc/GcState.cs).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_heap_state")]
    public static extern void* HeapState();

    /// <summary>Start of the program's writable data and end of its .bss (the collector's static roots).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_data_bounds")]
    public static extern void DataBounds(byte** start, byte** end);

    /// <summary>Zeroed memory for the runtime's hooks (six words in the program's .bss; see <see cref="Internal.Runtime.RuntimeHooks"/>).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_runtime_hooks")]
    public static extern RuntimeHooks* RuntimeHooks();

    /// <summary>Start and end of the heap the bump allocator hands out (symbols from the linker script).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_heap_bounds")]
    public static extern void HeapBounds(byte** start, byte** end);
}

/// <summary>What the process layer (libsmos) tells the runtime at start: how to exit, and the process id.</summary>
public static unsafe class ProcessHooks
{
    /// <summary>Sets Environment.Exit's function and Environment.ProcessId.</summary>
    internal static void Set(delegate*<int, void> exit, ulong pid)
    {
        RuntimeHooks* hooks = Platform.RuntimeHooks();
        hooks->Exit = (nint)exit;
        hooks->ProcessId = (nint)pid;
    }
}

/// <summary>
/// Hooks the runtime's users set (in platform memory, not C# statics: ILC folds statics it sees written only on paths
/// it does not scan, see Heap's remarks).
/// </summary>
public struct RuntimeHooks
{
    /// <summary>The last-words hook of <see cref="Panic.SetLastWords"/>, or 0.</summary>
    public nint LastWords;

    /// <summary>The console's byte writer (<see cref="ConsoleOutput.SetHooks"/>): <c>void(byte* utf8, int length)</c>, or 0.</summary>
    public nint ConsoleWrite;

    /// <summary>The console's flush (<see cref="ConsoleOutput.SetHooks"/>): <c>void()</c>, or 0.</summary>
    public nint ConsoleFlush;

    /// <summary>Ends the process (libsmos: <c>Process.Exit</c>): <c>void(int code)</c>, or 0 (Environment.Exit halts).</summary>
    public nint Exit;

    /// <summary>The process id libsmos read from the start-info page (Environment.ProcessId), or 0.</summary>
    public nint ProcessId;

    /// <summary>
    /// The byte writer under <see cref="Platform.PutChar"/> (an [UnmanagedCallersOnly] <c>void(byte c)</c>: smos_putc branches to it), or 0 for seL4_DebugPutChar. The root
    /// task sets it to its own UART and console-ring writer (a release kernel has no debug console). It must not
    /// allocate, take locks or write through <see cref="Platform.PutChar"/> itself.
    /// </summary>
    public nint PutChar;

    /// <summary>
    /// The console's reader (<see cref="ConsoleInput.SetHook"/>): <c>int(byte* buffer, int capacity, int key)</c>, or 0
    /// (no input: ReadLine returns null).
    /// </summary>
    public nint ConsoleRead;
}

/// <summary>What a root task tells the runtime about its console (see <see cref="RuntimeHooks.PutChar"/>).</summary>
internal static unsafe class PlatformHooks
{
    /// <summary>Sets the byte writer under <see cref="Platform.PutChar"/>; null restores seL4_DebugPutChar.</summary>
    public static void SetPutChar(delegate* unmanaged<byte, void> putChar) => Platform.RuntimeHooks()->PutChar = (nint)putChar;
}
