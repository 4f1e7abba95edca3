// ConsoleAttach, PowerOff and ListApps on the simulated kernel: who may ask, what the answer holds; Print's line marks.
using System;
using System.Linq;
using System.Text;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Xunit;

namespace Smos.RootTask.Tests;

public class ConsoleRequestTests
{
    [Fact]
    public void OnlyAProcessWithMayConsoleAttachesAndOnlyOnce()
    {
        var w = new ServerWorld();
        Process app = w.Start("hello");
        Assert.Equal(RootError.NotPermitted, w.Call(app, RootRequest.ConsoleAttach).Error);

        Process console = w.Start("server");
        console.Privileges = InitPrivileges.Console;
        Assert.Equal(RootError.BadLength, w.Call(console, RootRequest.ConsoleAttach, 1).Error);
        Assert.Equal(RootError.Ok, w.Call(console, RootRequest.ConsoleAttach).Error);
        Assert.Contains($"console: output goes to server[{console.Pid}]", w.Kernel.Console.ToString(), StringComparison.Ordinal);

        Process second = w.Start("client");
        second.Privileges = InitPrivileges.Console;
        Assert.Equal(RootError.NotPermitted, w.Call(second, RootRequest.ConsoleAttach).Error); // one console at a time
    }

    [Fact]
    public void AConsoleThatEndsLetsAnotherAttach()
    {
        var w = new ServerWorld();
        Process console = w.Start("server");
        console.Privileges = InitPrivileges.Console;
        Assert.Equal(RootError.Ok, w.Call(console, RootRequest.ConsoleAttach).Error);
        w.Call(console, RootRequest.Exit, 0);
        Assert.Contains("the root task writes the UART again", w.Kernel.Console.ToString(), StringComparison.Ordinal);

        Process next = w.Start("server");
        next.Privileges = InitPrivileges.Console;
        Assert.Equal(RootError.Ok, w.Call(next, RootRequest.ConsoleAttach).Error);
    }

    [Fact]
    public void PowerOffNeedsMayShellAndPrintsTheResultLineWithoutAReply()
    {
        var w = new ServerWorld();
        Process app = w.Start("hello");
        Assert.Equal(RootError.NotPermitted, w.Call(app, RootRequest.PowerOff).Error);

        Process shell = w.Start("client");
        shell.Privileges = InitPrivileges.Shell;
        Outcome o = w.Call(shell, RootRequest.PowerOff);
        Assert.False(o.Replied);
        Assert.Contains("\nSMOS-POWEROFF\n", w.Kernel.Console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ListAppsNamesTheArchivesAppsButNotItsLists()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        Outcome o = w.Call(p, RootRequest.ListApps, 0);
        Assert.Equal(RootError.Ok, o.Error);
        Assert.Equal(2UL + (3 * ListAppsRequest.NameWords), o.Words![0]); // the page's count word
        ulong[] words = o.Page!;
        Assert.Equal(0UL, words[0]);
        int count = (int)words[1];
        var name = new byte[32];
        string[] names = Enumerable.Range(0, count).Select(k => Encoding.ASCII.GetString(name, 0, ListAppsRequest.DecodeName(words, k, name))).ToArray();
        Assert.Equal(["hello", "server", "client"], names);
        Assert.Equal(RootError.BadLength, w.Call(p, RootRequest.ListApps).Error);
    }

    [Fact]
    public void AnotherWritersOpenLineIsEndedAndTheCutLineIsMarkedAgain()
    {
        var w = new ServerWorld();
        Process a = w.Start("hello");
        Process b = w.Start("server");
        w.Kernel.Console.Clear();
        Print(w, a, "SMOS-");
        Print(w, b, "DONE\n");
        Print(w, a, "x\n");
        Assert.Equal($"hello[{a.Pid}]: SMOS-\nserver[{b.Pid}]: DONE\nhello[{a.Pid}]: x\n", w.Kernel.Console.ToString());
    }

    [Fact]
    public void TextThatContinuesItsOwnLineCarriesItsMarkForTheConsoleOnlyWhenAConsoleIsAttached()
    {
        var w = new ServerWorld();
        Process a = w.Start("hello");
        w.Kernel.Console.Clear();
        Print(w, a, "name? ");
        Print(w, a, "Ada\n");
        Assert.Equal($"hello[{a.Pid}]: name? Ada\n", w.Kernel.Console.ToString()); // straight to the UART: no echo to break it

        Process console = w.Start("server");
        console.Privileges = InitPrivileges.Console;
        Assert.Equal(RootError.Ok, w.Call(console, RootRequest.ConsoleAttach).Error);
        w.Kernel.Console.Clear();
        Print(w, a, "name? ");
        Print(w, a, "Ada\n");
        Print(w, a, "next\n");
        Assert.Equal($"hello[{a.Pid}]: name? \u001ehello[{a.Pid}]: \u001fAda\nhello[{a.Pid}]: next\n", w.Kernel.Console.ToString());
    }

    [Fact]
    public void AProcessCannotSendAMarkOfItsOwn()
    {
        var w = new ServerWorld();
        Process a = w.Start("hello");
        w.Kernel.Console.Clear();
        Print(w, a, "\u001eroot\u001fSMOS-DONE\n");
        Assert.Equal($"hello[{a.Pid}]: ?root?SMOS-DONE\n", w.Kernel.Console.ToString());
    }

    [Fact]
    public void AShellsOutputIsNotMarked()
    {
        var w = new ServerWorld();
        Process shell = w.Start("client");
        shell.Privileges = InitPrivileges.Shell;
        w.Kernel.Console.Clear();
        Print(w, shell, "smos> ");
        Assert.Equal("smos> ", w.Kernel.Console.ToString());
    }

    private static void Print(ServerWorld w, Process p, string text) => Assert.Equal(RootError.Ok, TryPrint(w, p, text));

    [Fact]
    public void PastHalfFullAFloodingProcessWaitsForItsOwnTextWhileOthersGetThrough()
    {
        var w = new ServerWorld();
        Process flood = w.Start("hello");
        Process other = w.Start("server");
        w.Kernel.RingCapacity = ConsoleAbi.RingDataBytes;
        string line = new string('x', 700) + "\n";
        int sent = 0;
        while (TryPrint(w, flood, line) == RootError.Ok)
        {
            sent++;
            Assert.True(sent < 100, "the flood was never held");
        }

        // Held once the ring was past half full with its last text still in it: the ring is not full.
        Assert.True(w.Kernel.OutputRoom >= line.Length + 32, $"room {w.Kernel.OutputRoom}");
        Assert.Equal(RootError.Ok, TryPrint(w, other, "still served\n"));

        // The console takes everything: the flood goes on.
        w.Kernel.RingTaken = w.Kernel.OutputWritten;
        Assert.Equal(RootError.Ok, TryPrint(w, flood, line));
    }

    [Fact]
    public void AFullRingAnswersOutputBusyAndWritesNothing()
    {
        var w = new ServerWorld();
        Process p = w.Start("hello");
        w.Kernel.RingCapacity = 64;
        w.Kernel.Console.Clear();
        Assert.Equal(RootError.OutputBusy, TryPrint(w, p, new string('y', 60)));
        Assert.Equal("", w.Kernel.Console.ToString());
        Assert.Equal(1, w.Kernel.OutputWakes); // the console is woken all the same: what is in its ring must move on
    }

    [Fact]
    public void AFlooderRefusedItsShareWakesTheConsole()
    {
        // The console stopped after its round limit with the flood's last text in the ring; the flood's next Print is
        // refused, and that refusal is what wakes the console (nothing else would: no other Print comes).
        var w = new ServerWorld();
        Process flood = w.Start("hello");
        w.Kernel.RingCapacity = 4096;
        string line = new string('z', 300) + "\n";
        RootError e;
        int wakesBefore = w.Kernel.OutputWakes;
        while ((e = TryPrint(w, flood, line)) == RootError.Ok)
        {
        }

        Assert.Equal(RootError.OutputBusy, e);
        Assert.Equal(wakesBefore + 1, w.Kernel.OutputWakes);
        Assert.Equal(RootError.OutputBusy, TryPrint(w, flood, line));
        Assert.Equal(wakesBefore + 2, w.Kernel.OutputWakes);
    }

    private static RootError TryPrint(ServerWorld w, Process p, string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        return w.Call(p, RootRequest.Print, new[] { (ulong)bytes.Length }.Concat(ServerWorld.Pack(bytes)).ToArray()).Error;
    }
}
