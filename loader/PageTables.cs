// The kernel-window page tables seL4 expects at entry: 0xffffff8040000000 -> 0x40000000 in 2 MiB blocks.
namespace Smos.Loader;

internal static unsafe class PageTables
{
    private const ulong KernelWindow = 0xffffff8040000000;
    private const ulong KernelWindowPhys = 0x40000000;
    private const ulong Table = 3;
    private const ulong NormalBlock = 0x711; // block, AttrIdx 4 (normal write-back), inner shareable, AF
    private const int Entries = 512;

    /// <summary>Builds the TTBR1 tables in the loader's reserved area and returns the top table's address.</summary>
    public static ulong BuildKernelWindow()
    {
        ulong* l0 = Machine.PageTableArea();
        ulong* l1 = l0 + Entries;
        ulong* l2 = l1 + Entries;
        l0[Index(KernelWindow, 39)] = (ulong)l1 | Table;
        l1[Index(KernelWindow, 30)] = (ulong)l2 | Table;
        ulong first = Index(KernelWindow, 21);
        for (ulong i = first; i < Entries; i++)
        {
            l2[i] = (KernelWindowPhys + ((i - first) << 21)) | NormalBlock;
        }

        Machine.CleanDCache((ulong)l0, 3 * Entries * sizeof(ulong));
        return (ulong)l0;
    }

    private static ulong Index(ulong va, int shift) => (va >> shift) & (Entries - 1);
}
