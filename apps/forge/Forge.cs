// forge: a hostile app that tries to pass for the root task on the serial line, or to stop the machine.
using System;
using Smos.Lib;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// <c>forge print</c> prints result lines the harness would take for the root task's, whole and cut into pieces;
/// every one comes out marked with forge's name; <c>forge prompt</c> prints them after answered prompts (the echo of
/// Enter ended its line on the terminal); <c>forge flood</c> prints lines until it is killed. <c>forge putchar</c> writes a result line with seL4_DebugPutChar and
/// <c>forge halt</c> calls seL4_DebugHalt: on the release kernel neither call exists, the thread faults and the root
/// task ends it (on a debug kernel both work: that kernel is for development only).
/// </summary>
public static class Forge
{
    public static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "print";
        switch (mode)
        {
            case "print":
                Console.WriteLine("SMOS-DONE");
                Console.Write("SMOS-");
                AppConsole.Flush();
                Console.WriteLine("DEMO forge: PASS");
                Console.Write("\nSMOS-POWEROFF\n");
                Console.WriteLine("forge: printed 3 result lines; each must carry forge's mark");
                return 0;
            case "prompt":
                // Prompts whose answers end the line on the terminal (the echo of Enter): the result lines after
                // them must still start with forge's name.
                Console.Write("forge: answer? ");
                Console.ReadLine();
                Console.WriteLine("SMOS-DONE");
                Console.Write("forge: again? SMOS-");
                Console.ReadLine();
                Console.WriteLine("DEMO forge: PASS");
                return 0;
            case "flood":
                // Prints as fast as the console lets it, until it is killed: the others must still be served.
                for (long line = 0; ; line++)
                {
                    Console.WriteLine($"forge: flood line {line} .................................................................");
                }

            case "putchar":
                foreach (byte b in "\nSMOS-FORGED: PASS\n"u8)
                {
                    Debug.PutChar(b);
                }

                Console.WriteLine("forge: seL4_DebugPutChar worked: this is a debug kernel");
                return 2;
            case "halt":
                Debug.Halt();
                Console.WriteLine("forge: seL4_DebugHalt returned");
                return 2;
            default:
                Console.WriteLine($"forge: unknown mode {mode} (print, prompt, flood, putchar, halt)");
                return 1;
        }
    }
}
