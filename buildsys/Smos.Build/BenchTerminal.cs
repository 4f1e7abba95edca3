// `buildsys bench`'s key rows: the product image booted on the bench kernel under -icount and typed at, as a user would.
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Serilog;

namespace Smos.Build;

/// <summary>
/// The product image built with SMOS_BENCH boots to the shell's prompt; its serial driver (drivers/pl011) then times
/// each key typed, from its wake-up on the receive interrupt to the last byte it sent before the next key, with the
/// PMU's instruction counter. This types <c>run hello</c> and Enter <see cref="Repeats"/> times, each after the prompt,
/// and sends Ctrl-T, on which the driver prints console-key-echo (the fastest of the printable keys: one character's
/// echo) and console-enter-to-prompt (the fastest Enter: the shell's spawn of hello, hello's run and exit, the next
/// prompt; the fastest, because a collection in the root task falls into one of them now and then, and the counter
/// sees every thread). Then <c>poweroff</c>. The rows join the first run's.
/// </summary>
internal static class BenchTerminal
{
    /// <summary>The command typed at the prompt.</summary>
    public const string Command = "run hello";

    /// <summary>How many times the command is typed.</summary>
    public const int Repeats = 3;

    /// <summary>The rows the driver prints.</summary>
    public static readonly IReadOnlyList<MissingRow> Rows =
    [
        new("console-key-echo", "MISSING: drivers/pl011 in the product image (BenchTerminal): a printable key typed at the shell to its echo written to the UART (the fastest of `run hello`'s keys)"),
        new("console-enter-to-prompt", "MISSING: drivers/pl011 in the product image (BenchTerminal): the fastest Enter of `run hello` (typed 3 times) to the last byte of the shell's next prompt"),
    ];

    /// <summary>Boots <paramref name="qemuArgs"/> (the product image), types, and feeds what the guest printed to <paramref name="results"/>.</summary>
    public static void Run(string qemu, IReadOnlyList<string> qemuArgs, TimeSpan timeout, string logPath, BenchResults results)
    {
        Log.Information("key rows: {Command}", ProcessRunner.FormatCommand(qemu, qemuArgs));
        using var log = new StreamWriter(logPath) { AutoFlush = true };
        using QemuSession session = QemuSession.Start(qemu, qemuArgs, input: true);
        var shell = new SerialConversation(session)
        {
            Prompt = "smos> ",
            Timeout = TimeSpan.FromSeconds(60),
            Echo = text => { Console.Out.Write(text); log.Write(text); },
        };

        try
        {
            shell.ExpectPrompt(timeout);
            for (int i = 0; i < Repeats; i++)
            {
                shell.SendLine(Command, TimeSpan.FromMilliseconds(100));
                shell.ExpectPrompt();
                Thread.Sleep(500); // nothing more comes after the prompt: its last byte ends the Enter's span
            }

            shell.Send("\x14");
            shell.ExpectLine("^pl011\\[\\d+\\]: pl011: \\d+ keys timed", beforePrompt: false);
            shell.SendLine("poweroff");
            shell.ExpectEnd(TimeSpan.FromSeconds(30));
        }
        catch (SerialScriptException e)
        {
            results.AddError($"key rows: {e.Message}");
        }
        finally
        {
            session.Stop();
        }

        foreach (string line in shell.Transcript.Split('\n'))
        {
            results.Feed(line);
        }

        foreach (MissingRow row in Rows)
        {
            if (results.Find(row.Name) is null)
            {
                results.AddError(row.Reason);
            }
        }
    }
}
