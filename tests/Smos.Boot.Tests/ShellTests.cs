// The shell smosh on the real kernel, typed at through QEMU's serial input: ps, run, time sleep, Ctrl-C, a wrong command, files, poweroff.
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Smos.Build;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Boot.Tests;

/// <summary>
/// Each test boots the product image to the prompt and types a command (docs/testing.md: interactive boot tests). Run
/// them alone with <c>./smos test --filter Category=Shell</c>. The patterns below are what smosh prints: change them here
/// when its output changes.
/// </summary>
[Collection(BuildsysCollection.Name)]
[Trait("Category", "Shell")]
public sealed class ShellTests(ITestOutputHelper output)
{
    /// <summary>An app that runs until it is killed (Ctrl-C).</summary>
    public const string LoopingApp = "spin";

    /// <summary>What `time COMMAND` prints after the command: the elapsed guest time in seconds.</summary>
    public const string TimeLine = @"^(?:time:|real) (?<seconds>\d+\.\d+) s$";

    /// <summary>A line of `ps` for the shell itself (its pid first).</summary>
    public const string PsShellLine = @"^\s*\d+\s.*\bsmosh\b";

    /// <summary>What hello prints when run (apps/hello): its pid, maybe after the root task's "hello[N]: " prefix.</summary>
    public const string HelloLine = @"hello from hello pid \d+";

    /// <summary>How long a command may take to answer under QEMU TCG.</summary>
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(20);

    /// <summary>How long a file command may take (copying an app's ELF is a few dozen journal transactions).</summary>
    private static readonly TimeSpan FileAnswer = TimeSpan.FromSeconds(60);

    // While an app floods the serial line, keys typed meanwhile may reach the guest late when the test host is busy:
    // in two full `./smos test` runs (other test projects beside QEMU) none of "kill 6" was echoed within 20 s, while
    // alone, or beside two busy host threads, the same test passed at once. Not understood yet (the guest takes a key
    // as soon as its UART raises the interrupt; QEMU's serial back end and the slow reader of its output are the
    // suspects). This is the time allowed for the answer to a line typed during the flood.
    private static readonly TimeSpan FloodAnswer = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Without the shell too: QEMU with its serial input kept open boots the product image, and the conversation follows
    /// it (a partial line, then lines) and types into it without disturbing it.
    /// </summary>
    [KernelBootFact(BootKernel.Debug)]
    public void TheConversationFollowsTheProductBoot()
    {
        using var boot = ShellBoot.Start(BootKernel.Debug, output);
        boot.Shell.Expect("SmosSharp root", TimeSpan.FromSeconds(ShellBoot.BootSeconds));
        boot.Shell.Send("typed before anyone reads\r");
        boot.Shell.ExpectLine("^SMOS-INIT: PASS$", TimeSpan.FromSeconds(60));
        boot.Shell.ExpectLine("^SMOS-DONE$", TimeSpan.FromSeconds(60));
        Assert.Null(boot.Shell.PoweredOffAt);
    }

    [ShellFact]
    public void PsListsTheProcessesWithTheShellAmongThem()
    {
        using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Debug, output);
        boot.Shell.SendLine("ps");
        boot.Shell.ExpectLine(PsShellLine, Answer);
        StepResult rest = boot.Shell.ExpectPrompt(Answer);
        Assert.DoesNotContain(rest.Lines, l => l.Contains("FAULT", StringComparison.Ordinal));
    }

    [ShellFact]
    public void RunHelloPrintsItsLineAndThePromptReturns()
    {
        using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Debug, output);
        boot.Shell.SendLine("run hello");
        boot.Shell.ExpectLine(HelloLine, Answer);
        boot.Shell.ExpectPrompt(Answer);
    }

    [ShellFact]
    public void TimeSleepOneTakesAtLeastOneSecondOfGuestTime()
    {
        using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Debug, output);
        StepResult typed = boot.Shell.SendLine("time sleep 1");
        StepResult timed = boot.Shell.ExpectLine(TimeLine, Answer);
        StepResult prompt = boot.Shell.ExpectPrompt(Answer);
        double guest = double.Parse(timed.Group("seconds"), CultureInfo.InvariantCulture);
        double host = (prompt.At - typed.At).TotalSeconds;
        output.WriteLine($"time sleep 1: guest {guest:0.000} s, host {host:0.000} s from Enter to the prompt");
        Assert.True(guest >= 1.0, $"the shell measured {guest} s for sleep 1");
        Assert.True(guest < 5.0, $"the shell measured {guest} s for sleep 1");
        // The host's stamps are taken when this process wrote Enter and read the prompt, not when QEMU took and gave
        // them: a run measured 0.998 s of host time for 1.002 s of guest time. Guest time is the requirement; the host
        // figure only shows the sleep was not skipped.
        Assert.True(host >= 0.95, $"the prompt came back {host} s after Enter");
    }

    [ShellFact]
    public void CtrlCEndsALoopingAppAndThePromptReturns()
    {
        Assert.True(Directory.Exists(Path.Combine(Buildsys.RepoRoot, "apps", LoopingApp)),
            $"no apps/{LoopingApp}: this test needs an app that runs until it is killed (ShellTests.LoopingApp names it)");
        using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Debug, output);
        boot.Shell.SendLine("run " + LoopingApp);

        // The app must be running when Ctrl-C comes (a prompt now would mean it did not start or ended by itself).
        Assert.Throws<SerialScriptException>(() => boot.Shell.ExpectPrompt(TimeSpan.FromSeconds(2)));
        boot.Shell.Send(SerialConversation.CtrlC);
        boot.Shell.ExpectPrompt(Answer);
        boot.Shell.SendLine("ps");
        StepResult ps = boot.Shell.ExpectPrompt(Answer);
        Assert.Contains(ps.Lines, l => Regex.IsMatch(l, PsShellLine));
        Assert.DoesNotContain(ps.Lines, l => l.Contains(LoopingApp, StringComparison.Ordinal));
    }

    [ShellFact]
    public void AWrongCommandPrintsOneErrorLineAndThePromptReturns()
    {
        using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Debug, output);
        boot.Shell.SendLine("nosuchcommand");
        StepResult prompt = boot.Shell.ExpectPrompt(Answer);
        string line = Assert.Single(prompt.Lines);
        Assert.Contains("nosuchcommand", line, StringComparison.Ordinal);

        // Still answering.
        boot.Shell.SendLine("ps");
        boot.Shell.ExpectLine(PsShellLine, Answer);
    }

    /// <summary>
    /// Issue 16's console flood: an app printing without pause in the background is held to its share of the output
    /// ring, so the shell still reads a command, runs it and prints its answer; then it is killed.
    /// </summary>
    [ShellFact]
    public void AnAppFloodingTheConsoleDoesNotStopTheShell()
    {
        using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Debug, output);
        boot.Shell.SendLine("forge flood &");
        string pid = boot.Shell.ExpectLine(@"^\[(?<pid>\d+)\] forge started in the background$", Answer).Group("pid");
        boot.Shell.ExpectLine(@"^forge\[\d+\]: forge: flood line \d+ \.+$", Answer, beforePrompt: false);
        boot.Shell.SendLine("ps");
        boot.Shell.ExpectLine(PsShellLine, Answer, beforePrompt: false);
        boot.Shell.SendLine($"kill {pid}");
        boot.Shell.ExpectLine(@"^forge\[\d+\]: forge: flood line \d+ \.+$", Answer, beforePrompt: false);
        Thread.Sleep(2000); // the flood's last lines drain
        boot.Shell.SendLine("echo after");
        boot.Shell.ExpectLine("^after$", FloodAnswer, beforePrompt: false);
        StepResult quiet = boot.Shell.ExpectPrompt(Answer);
        Assert.DoesNotContain(quiet.Lines, l => l.Contains("flood line", StringComparison.Ordinal));
    }

    [ShellFact]
    public void PoweroffEndsQemu()
    {
        using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Debug, output);
        boot.Shell.SendLine("poweroff");
        boot.Shell.ExpectLine("^" + SerialConversation.PowerOffLine + "$", Answer, beforePrompt: false);
        boot.Shell.ExpectEnd(TimeSpan.FromSeconds(10));
        Assert.NotNull(boot.Shell.PoweredOffAt);
    }

    /// <summary>
    /// The supervisor: the shell kills the serial driver; the root task starts it again from its init-list line (same
    /// grants), the console server opens it again, and the terminal works as before.
    /// </summary>
    [ShellFact]
    public void AKilledDriverIsRestartedAndTheConsoleWorksAfter()
    {
        using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Debug, output);
        boot.Shell.SendLine("ps");
        StepResult ps = boot.Shell.ExpectPrompt(Answer);
        string driver = Assert.Single(ps.Lines, l => Regex.IsMatch(l, @"^\s*\d+\s.*\bpl011$"));
        string pid = driver.Trim().Split(' ')[0];

        boot.Shell.SendLine("kill " + pid);
        boot.Shell.ExpectLine(@"^supervisor: pl011\[" + pid + @"\] was killed by the shell, restart 1 of 3 as pid \d+", Answer, beforePrompt: false);
        boot.Shell.ExpectLine(@"pl011: serving ""uart"" on interrupt 33", Answer, beforePrompt: false);

        // Typing reaches the shell through the new driver.
        boot.Shell.SendLine("echo still here");
        boot.Shell.ExpectLine("^still here$", Answer);
        boot.Shell.ExpectPrompt(Answer);
        boot.Shell.SendLine("ps");
        StepResult after = boot.Shell.ExpectPrompt(Answer);
        Assert.Contains(after.Lines, l => Regex.IsMatch(l, @"^\s*\d+\s.*\bpl011$") && !l.TrimStart().StartsWith(pid + " ", StringComparison.Ordinal));
    }

    /// <summary>
    /// Issue 17's file commands, on a blank disk (the file server formats it at boot): mkdir, echo with > and >>, cat,
    /// ls of a directory and of a file, cp, mv, rm, binary data kept off the terminal but copied by "> FILE", the
    /// errors (one line each, and the shell goes on), df, sync, ls /boot; a file server restarted by the supervisor.
    /// </summary>
    [ShellFact]
    public void TheFileCommandsWorkOnTheDisk()
    {
        using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Debug, output); // the file server has formatted the disk
        string[] Say(string line)
        {
            boot.Shell.SendLine(line);
            return Own(boot.Shell.ExpectPrompt(FileAnswer));
        }

        Assert.Empty(Say("mkdir /data/t/sub"));
        Assert.Empty(Say("echo hello > /data/t/a.txt"));
        Assert.Empty(Say("echo again >> /data/t/a.txt"));
        Assert.Equal(["hello", "again"], Say("cat /data/t/a.txt"));
        Assert.Equal(["        12  a.txt", "         -  sub/"], Say("ls /data/t"));
        Assert.Equal(["        12  /data/t/a.txt"], Say("ls /data/t/a.txt"));
        Assert.Empty(Say("cp /data/t/a.txt /data/t/sub"));
        Assert.Empty(Say("mv /data/t/sub/a.txt /data/t/b.txt"));
        Assert.Empty(Say("rm /data/t/a.txt"));
        Assert.Equal(["        12  b.txt", "         -  sub/"], Say("ls /data/t"));
        Assert.Empty(Say("ls /data/t/sub"));
        Assert.Equal(["hello", "again"], Say("cat /data/t/b.txt"));

        // Errors: one line naming the command and the path; a wrong count of arguments gives the usage.
        Assert.Equal(["cat: Could not find file '/data/missing'."], Say("cat /data/missing"));
        Assert.Equal(["rm: delete '/data/t': the path names a directory, not a file (rm -r deletes it and everything in it)"], Say("rm /data/t"));
        Assert.Equal(["cp: expected 2 paths, got 1 (usage: cp SRC DST)"], Say("cp /data/t/b.txt"));
        Assert.Equal(["cat: expected an absolute path (/data/..., /boot/...), got \"b.txt\""], Say("cat b.txt"));
        Assert.StartsWith("echo: open '/boot/x': ", Assert.Single(Say("echo no > /boot/x")), StringComparison.Ordinal);

        // An app's ELF: cat keeps binary data off the terminal; "> FILE" copies it byte for byte, as cp does.
        string size = Regex.Match(Assert.Single(Say("ls /boot/hello")), @"^\s*(\d+)  /boot/hello$").Groups[1].Value;
        Assert.True(long.Parse(size, CultureInfo.InvariantCulture) > 4096, $"hello is {size} bytes: more than one read");
        Assert.Matches(@"^cat: read '/boot/hello': binary data \(a zero byte at offset \d+\), not printed", Assert.Single(Say("cat /boot/hello")));
        Assert.Empty(Say("cat /boot/hello > /data/t/hello.elf"));
        Assert.Empty(Say("cp /boot/hello /data/t/sub"));
        Assert.Equal([size.PadLeft(10) + "  /data/t/hello.elf"], Say("ls /data/t/hello.elf"));
        Assert.Equal([size.PadLeft(10) + "  hello"], Say("ls /data/t/sub"));

        string[] df = Say("df");
        Assert.Equal("VOLUME  FORMAT    TOTAL KiB    USED KiB    FREE KiB", df[0]);
        Assert.Matches(@"^/data   FAT32 +\d+ +\d+ +\d+$", df[1]);
        Assert.Matches(@"^/boot   bootfs +\d+ +\d+ +0$", df[2]);
        Assert.Equal("open files: 0", df[3]);
        Assert.Empty(Say("sync"));

        Assert.Contains(Say("ls /boot"), l => Regex.IsMatch(l, @"^\s*\d+  hello$"));
        Assert.Empty(Say("rm -r /data/t"));
        Assert.DoesNotContain(Say("ls /data"), l => l.EndsWith("  t/", StringComparison.Ordinal));

        // The supervisor restarts a killed file server; the shell's next file command reaches the new one.
        Assert.Empty(Say("echo kept > /data/kept.txt"));
        string files = Assert.Single(Say("ps"), l => Regex.IsMatch(l, @"^\s*\d+\s.*\bfiles$")).Trim().Split(' ')[0];
        boot.Shell.SendLine("kill " + files);
        boot.Shell.ExpectLine(@"^supervisor: files\[" + files + @"\] was killed by the shell, restart 1 of 3", Answer, beforePrompt: false);
        boot.Shell.ExpectLine(ShellBoot.FilesReadyLine, ShellBoot.FilesReadyTime, beforePrompt: false); // the new one's
        boot.Shell.SendLine("echo restarted"); // past the prompt after "killed", wherever the file server's lines came
        boot.Shell.ExpectLine("^restarted$", Answer, beforePrompt: false);
        boot.Shell.ExpectPrompt(Answer);
        string[] kept = Say("cat /data/kept.txt");
        Assert.Equal("kept", kept[^1]);
        // Before it, at most the debug kernel's note that the shell's probe of its old connection called a null capability.
        Assert.All(kept[..^1], l => Assert.StartsWith("<<seL4", l, StringComparison.Ordinal));
        boot.Shell.SendLine("ps"); // still answering
        boot.Shell.ExpectLine(PsShellLine, Answer);
    }

    /// <summary>The same conversation in one boot on the release kernel (gated: docs/testing.md).</summary>
    [ShellFact(BootKernel.Release)]
    public void TheShellAnswersOnTheReleaseKernel()
    {
        using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Release, output);
        boot.Shell.SendLine("ps");
        boot.Shell.ExpectLine(PsShellLine, Answer);
        boot.Shell.ExpectPrompt(Answer);
        boot.Shell.SendLine("run hello");
        boot.Shell.ExpectLine(HelloLine, Answer);
        boot.Shell.ExpectPrompt(Answer);
        boot.Shell.SendLine("time sleep 1");
        Assert.True(double.Parse(boot.Shell.ExpectLine(TimeLine, Answer).Group("seconds"), CultureInfo.InvariantCulture) >= 1.0);
        boot.Shell.ExpectPrompt(Answer);
        boot.Shell.SendLine("nosuchcommand");
        Assert.Single(boot.Shell.ExpectPrompt(Answer).Lines);
        boot.Shell.SendLine("poweroff");
        boot.Shell.ExpectEnd(TimeSpan.FromSeconds(10));
        Assert.NotNull(boot.Shell.PoweredOffAt);
    }

    /// <summary>
    /// Issue 16's hostile app on the release kernel: lines that look like the root task's results come out marked as
    /// the app's, and seL4_DebugPutChar and seL4_DebugHalt do not exist there (the app faults; the machine goes on).
    /// </summary>
    [ShellFact(BootKernel.Release)]
    public void OnTheReleaseKernelAnAppCanNeitherForgeAResultLineNorHaltTheMachine()
    {
        using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Release, output);
        boot.Shell.SendLine("run forge print");
        StepResult printed = boot.Shell.ExpectPrompt(Answer);
        Assert.Contains(printed.Lines, l => Regex.IsMatch(l, @"^forge\[\d+\]: SMOS-DONE$"));
        Assert.Contains(printed.Lines, l => Regex.IsMatch(l, @"^forge\[\d+\]: SMOS-POWEROFF$"));
        Assert.DoesNotContain(printed.Lines, l => l.StartsWith("SMOS-", StringComparison.Ordinal));

        // A prompt answered: the echo of Enter ends forge's open line on the terminal, and what forge prints next
        // (a result line) starts a new one, which carries forge's name again.
        boot.Shell.SendLine("run forge prompt");
        boot.Shell.Expect("answer? ", Answer);
        boot.Shell.SendLine("x");
        StepResult answered = boot.Shell.Expect("again? ", Answer);
        boot.Shell.SendLine("y");
        StepResult prompted = boot.Shell.ExpectPrompt(Answer);
        string[] lines = [.. answered.Lines, .. prompted.Lines];
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^forge\[\d+\]: SMOS-DONE$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^forge\[\d+\]: DEMO forge: PASS$"));
        Assert.DoesNotContain(lines, l => l.StartsWith("SMOS-", StringComparison.Ordinal) || l.StartsWith("DEMO", StringComparison.Ordinal));

        boot.Shell.SendLine("run forge putchar");
        StepResult put = boot.Shell.ExpectPrompt(Answer);
        Assert.Contains(put.Lines, l => l.StartsWith("FAULT", StringComparison.Ordinal) && l.Contains("name=forge", StringComparison.Ordinal));
        Assert.DoesNotContain(put.Lines, l => l.Contains("SMOS-FORGED", StringComparison.Ordinal));

        boot.Shell.SendLine("run forge halt");
        StepResult halt = boot.Shell.ExpectPrompt(Answer);
        Assert.Contains(halt.Lines, l => l.StartsWith("FAULT", StringComparison.Ordinal) && l.Contains("name=forge", StringComparison.Ordinal));

        boot.Shell.SendLine("ps"); // the machine goes on
        boot.Shell.ExpectLine(PsShellLine, Answer);
        boot.Shell.ExpectPrompt(Answer);
    }

    // What the shell printed for a command: its lines without those another process printed meanwhile ("files[5]: ...").
    private static string[] Own(StepResult step) =>
        step.Lines.Where(l => !Regex.IsMatch(l, @"^[a-z0-9_-]+\[\d+\]: ")).ToArray();
}
