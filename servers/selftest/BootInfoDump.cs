// Built only with `--define SMOS_DUMP_BOOTINFO`: prints the BootInfo page and extra pages as hex, for test fixtures.
#if SMOS_DUMP_BOOTINFO
using Internal.Runtime;

namespace Smos.RootTask.SelfTest;

internal static unsafe class BootInfoDump
{
    // Format, one line per 32 bytes: "BOOTINFO <offset> <64 hex digits>" (tests/fixtures read it back).
    public static void Print(nuint address, ulong extraLen)
    {
        ulong total = 4096 + ((extraLen + 4095) & ~4095UL);
        byte* p = (byte*)address;
        for (ulong offset = 0; offset < total; offset += 32)
        {
            DebugConsole.Write("BOOTINFO ");
            DebugConsole.WriteHex(offset);
            DebugConsole.WriteChar(' ');
            for (ulong i = 0; i < 32; i++)
            {
                byte b = p[offset + i];
                DebugConsole.WriteChar(Digit(b >> 4));
                DebugConsole.WriteChar(Digit(b & 0xF));
            }

            DebugConsole.WriteChar('\n');
        }
    }

    private static char Digit(int n) => (char)(n < 10 ? '0' + n : 'a' + n - 10);
}
#endif
