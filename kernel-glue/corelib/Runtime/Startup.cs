// Startup: static bases of reference-type statics (from each module's ReadyToRun header) and Main's arguments.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime.CompilerHelpers;

/// <summary>
/// Called from the assembly entry (arch/aarch64/*.S) with the bounds of the linker's <c>__modules</c> section,
/// before any C#. Each entry of that section points at a module's ReadyToRun header.
/// </summary>
internal static unsafe class StartupCodeHelpers
{
    // The arguments __managed__Main received (argc, argv: NUL-terminated UTF-8), for Main(string[] args) and
    // Environment.GetCommandLineArgs. Written in generated startup code, which the compiler scans.
    private static int s_argc;
    private static nint s_argv;
    private static string[]? s_args;

    /// <summary>Called by ILC's startup code (<c>__managed__Main(argc, argv)</c>) before Main.</summary>
    public static void InitializeCommandLineArgs(int argc, nint argv)
    {
        s_argc = argc;
        s_argv = argv;
    }

    /// <summary>The arguments for <c>Main(string[] args)</c>: those after the program's name, as in .NET.</summary>
    public static string[] GetMainMethodArguments()
    {
        string[] all = GetCommandLineArgs();
        var args = new string[all.Length > 0 ? all.Length - 1 : 0];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = all[i + 1];
        }

        return args;
    }

    /// <summary>All arguments, the program's name first (Environment.GetCommandLineArgs).</summary>
    internal static string[] GetCommandLineArgs()
    {
        if (s_args is null)
        {
            var args = new string[s_argc];
            for (int i = 0; i < s_argc; i++)
            {
                byte* text = ((byte**)s_argv)[i];
                int length = 0;
                while (text[length] != 0)
                {
                    length++;
                }

                args[i] = System.Text.Encoding.UTF8.GetString(new System.ReadOnlySpan<byte>(text, length));
            }

            s_args = args;
        }

        return s_args;
    }

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
            Panic.Fail("startup: a __modules entry does not point at a ReadyToRun header"u8);
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
