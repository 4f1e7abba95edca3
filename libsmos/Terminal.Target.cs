// System.Console's input hook on seL4: ReadLine and ReadKey come to the console server through Terminal.
#if SMOS_TARGET
using System;
using Internal.Runtime;
using Smos.Protocol;

namespace Smos.Lib;

public static unsafe partial class Terminal
{
    // System.Console's reader (ConsoleInput.SetHook): key 0 for a line, 1 for a key.
    internal static int ReadHook(byte* buffer, int capacity, int key)
    {
        if (key != 0)
        {
            ConsoleError ke = ReadKey(out byte b);
            if (ke == ConsoleError.Ok)
            {
                *buffer = b;
                return 1;
            }

            return ke == ConsoleError.EndOfInput ? ConsoleInput.EndOfInput : ConsoleInput.Interrupted;
        }

        ConsoleError e = ReadLine(new Span<byte>(buffer, capacity), out int n);
        return e == ConsoleError.Ok ? n : e == ConsoleError.EndOfInput ? ConsoleInput.EndOfInput : ConsoleInput.Interrupted;
    }
}
#endif
