// Startup: allocate the static bases of reference-type statics from the ReadyToRun header of each module.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime.CompilerHelpers;

/// <summary>
/// Called from the assembly entry (arch/aarch64/*.S) with the bounds of the linker's <c>__modules</c> section,
/// before any C#. Each entry of that section points at a module's ReadyToRun header.
/// </summary>
internal static unsafe class StartupCodeHelpers
{
    private const uint ReadyToRunSignature = 0x00525452; // "RTR"
    private const int GCStaticRegionSection = 201;
    private const nint Uninitialized = 1;
    private const nint HasPreInitializedData = 2;
    private const nint FlagMask = 3;

    [RuntimeExport("smos_initialize_modules")]
    private static void InitializeModules(nint* modulesStart, nint* modulesEnd)
    {
        for (nint* module = modulesStart; module < modulesEnd; module++)
        {
            if (*module != 0)
            {
                InitializeModule((byte*)*module);
            }
        }
    }

    private static void InitializeModule(byte* header)
    {
        if (*(uint*)header != ReadyToRunSignature)
        {
            Panic.Fail("startup: a __modules entry does not point at a ReadyToRun header");
        }

        int sectionCount = *(ushort*)(header + 12);
        int entrySize = header[14];
        byte* entries = header + 16;
        for (int i = 0; i < sectionCount; i++)
        {
            byte* entry = entries + (i * entrySize);
            if (*(int*)entry == GCStaticRegionSection)
            {
                byte* start = *(byte**)(entry + 8);
                byte* end = *(byte**)(entry + 16);
                InitializeStatics(start, end);
            }
        }
    }

    // Each region entry is a 32-bit relative pointer to a static base block. An uninitialized block holds a
    // relative pointer to the MethodTable of the statics object, tagged with flag bits.
    private static void InitializeStatics(byte* start, byte* end)
    {
        for (byte* entry = start; entry < end; entry += sizeof(int))
        {
            nint* block = (nint*)(entry + *(int*)entry);
            nint tagged = (nint)((byte*)block + *(int*)block);
            if ((*(int*)block & Uninitialized) == 0)
            {
                continue;
            }

            MethodTable* type = (MethodTable*)(tagged & ~FlagMask);
            object instance = Heap.NewObject(type);
            byte* obj = *(byte**)&instance;
            if ((*(int*)block & HasPreInitializedData) != 0)
            {
                byte* preinit = (byte*)((int*)block + 1) + *((int*)block + 1);
                nuint dataSize = type->BaseSize - (nuint)(2 * sizeof(nint));
                RawMemory.Move(ref *(obj + sizeof(nint)), ref *preinit, dataSize);
            }

            *block = (nint)obj;
        }
    }
}
