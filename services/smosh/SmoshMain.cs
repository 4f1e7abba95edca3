// The shell smosh: prompt, read a line from the console, parse it (ShellParser), run it; survives anything a child does.
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Protocol;
using Smos.Services.Shell;

namespace Smos.Smosh;

/// <summary>
/// services/smosh, started last by the product's init list with <c>may:shell</c> (its prompt is not marked with its
/// name, and it may power off). It prints <c>smos> </c>, reads a line through the console server (edited there), and
/// runs the command; a wrong command or argument prints one line and the prompt comes back. Ctrl-C at the prompt drops
/// the line; during a foreground program the console server ends the program.
/// </summary>
public static class SmoshMain
{
    /// <summary>The prompt.</summary>
    public const string Prompt = "smos> ";

    public static int Main(string[] args)
    {
        var shell = new Shell();

        // The console server first: it publishes "console" once it has taken over the system's output, so the banner
        // and the prompt come after the services' start-up lines.
        ConsoleError ready = Terminal.SetForeground(0);
        if (ready != ConsoleError.Ok)
        {
            Console.WriteLine($"smosh: {ConsoleAbi.Describe(ready)}");
            return 1;
        }

        Console.WriteLine("smosh: SmosSharp's shell. Type help for the commands.");
        Span<byte> line = stackalloc byte[ConsoleAbi.MaxLineBytes];
        int failures = 0;
        while (true)
        {
            shell.ReapBackground();
            Console.Write(Prompt);
            Console.Out.Flush();
            ConsoleError e = Terminal.ReadLine(line, out int n);
            if (e == ConsoleError.Interrupted)
            {
                continue; // Ctrl-C: the console echoed ^C and a new line
            }

            if (e == ConsoleError.EndOfInput)
            {
                Console.WriteLine("(end of input: type poweroff to stop the machine)");
                continue;
            }

            if (e != ConsoleError.Ok)
            {
                Console.WriteLine($"smosh: no input: {ConsoleAbi.Describe(e)}");
                if (++failures == 3)
                {
                    return 1;
                }

                Clock.Sleep(1000);
                continue;
            }

            failures = 0;
            string text = System.Text.Encoding.UTF8.GetString(line.Slice(0, n));
            ShellParseResult parsed = ShellParser.Parse(text);
            if (parsed.IsError)
            {
                Console.WriteLine(parsed.Error);
                continue;
            }

            try
            {
                shell.Execute(parsed.Command!);
            }
            catch (Exception ex)
            {
                Console.WriteLine($"smosh: {ex.Message}"); // a refused request, never the end of the shell
            }
        }
    }
}
