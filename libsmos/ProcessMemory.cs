// Where libsmos reads and writes memory the root task mapped into this process (event rings, shared pages): one translation point.
namespace Smos.Lib;

/// <summary>
/// The address of process memory at a process address as this program can dereference it: the identity on seL4
/// (the process's own address space); on the host the simulated world says where it keeps that page
/// (<c>HostProcess</c>). Only volatile spans are built over it.
/// </summary>
internal static unsafe class ProcessMemory
{
#if SMOS_HOST
    public static byte* At(ulong vaddr) => HostProcess.Translate(vaddr);
#else
    public static byte* At(ulong vaddr) => (byte*)vaddr;
#endif
}
