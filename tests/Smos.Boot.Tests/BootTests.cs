// The system booted on the real seL4 kernel: the self-test image passes (one test per demo), the product image prints no error, a panicking build fails with its location.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Boot.Tests;

[Collection(BuildsysCollection.Name)]
public sealed class BootTests
{
    private readonly ITestOutputHelper _output;

    public BootTests(ITestOutputHelper output) { _output = output; }

    /// <summary>The 1-based line of <paramref name="file"/> (repository-relative) that contains <paramref name="text"/>.</summary>
    private static int LineOf(string file, string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(Buildsys.RepoRoot, file)), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    internal static string OutDir(string name) => Path.Combine(Buildsys.RepoRoot, "out", "tests", name);

    [BootFact]
    public void TheSelfTestImageBootsAndPassesEveryCheck()
    {
        BuildsysRun run = SelfTestBoot.Run;
        _output.WriteLine(run.All);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("SmosSharp loader: started at EL", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-BOOT: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-RUNTIME: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-IPC: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("ipc: [ThreadStatic]: 5 on the root thread, 0 then 2 on the server thread", run.StdOut, StringComparison.Ordinal);
        // The root task collects, with a LocalThread's objects kept through collections run by either thread.
        Assert.Contains("SMOS-ROOTGC: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"rootgc: \d+ collections in the root task; .* a LocalThread's 2000 strings survived [1-9]\d* collections run while it waited and [1-9]\d* it ran itself", run.StdOut);
        // The root task's CSpace grows past the boot CNode (a top-level CNode over CNodes of 4096 slots) and gives every slot back.
        Assert.Matches(@"root CSpace: +top-level CNode of \d+ slots over CNodes of 4096", run.StdOut);
        Assert.Matches(@"cspace \(judged\): 12000 badged copies, 1008 retypes at once: \d+ of \d+ root slots used in [4-9] CNodes", run.StdOut);
        Assert.Contains("SMOS-CSPACE: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-PROC: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-SPAWN200: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("smos test: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", run.StdOut, StringComparison.Ordinal);

        // The deliberate errors the product image must not show are there in this one.
        Assert.Contains("seL4(CPU", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-EXPECT-PANIC", run.StdOut, StringComparison.Ordinal);
    }

    [BootFact]
    public void FaultsAreReportedWithTheAppsSourceLineAndReclaimed()
    {
        BuildsysRun run = SelfTestBoot.Run;
        Assert.Matches(@"FAULT pid=\d+ name=crash kind=VM fault pc=0x[0-9a-f]+ addr=0xdead0000 at \S*Crash__Main\+", run.StdOut);

        // ... with the source line of the faulting read, from the DWARF line table of out/apps/crash.elf.
        int readLine = LineOf("apps/crash/Crash.cs", "Volatile.Read(ref *(ulong*)FaultAddress)");
        Assert.Matches(@"addr=0xdead0000 at \S*Crash__Main\+0x[0-9a-f]+ \(apps/crash/Crash\.cs:" + readLine + @"\)", run.StdOut);
        Assert.Contains("kind=user exception (undefined instruction)", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("kind=unknown system call", run.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"hog: 40 KB of objects; the heap grew by [1-9]\d* pages", run.StdOut);

        // hog takes 16 pages at a time until its memory quota (4 MiB, its init line's quota word), not a page count (the
        // old 256), refuses: most of the 4 MiB (the app and its page tables take the rest), less than one more grant left.
        Match hog = Regex.Match(run.StdOut, @"hog: got (\d+) pages \(\d+ KiB\) in grants of 16 before the memory quota \(4194304\) is used up; " +
            @"with the heap's (\d+): (\d+) pages in all, (\d+) bytes of the quota left");
        Assert.True(hog.Success, "no hog line naming the memory quota");
        long pagesInAll = long.Parse(hog.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
        long left = long.Parse(hog.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pagesInAll > 256 && pagesInAll * 4096 > 3L << 20 && pagesInAll * 4096 < 4L << 20, $"{pagesInAll} pages in all");
        Assert.True(left < (16 + 3) * 4096, $"{left} bytes left");
    }

    /// <summary>Every demo of apps/demos (its file name), for <see cref="EachDemoPasses"/>.</summary>
    public static TheoryData<string> Demos()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(Buildsys.RepoRoot, "apps", "demos")).Order(StringComparer.Ordinal))
        {
            if (!file.EndsWith("README.md", StringComparison.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    /// <summary>What each demo's apps print when they checked their results (beyond the demo's PASS line).</summary>
    private static readonly Dictionary<string, string[]> DemoEvidence = new(StringComparer.Ordinal)
    {
        ["time"] = ["timer: serving \"timer\" on interrupt 30, counter at ", "time: sleep 1000 ms took ",
            "time: 4 sleepers woke in deadline order", "time flood: 16 timers armed, the 17th refused: the timer quota is used up",
            "time: served beside a flood holding 16 timers: sleep 100 ms took ", "time flood: periodic 20 ms timer: "],
        ["supervisor"] = [", restart 3 of 3 as pid ", "supervisor: crashy gave up after 3 restarts",
            "crashy check: round 3: the service ran as pid ", "its crash answered ServerGone",
            "crashy check: 300 ms after the last crash (ok), open \"crashy\": no such name"],
        ["blk"] = ["blkcheck: the last 8 sectors written and read back: same", "blkcheck: every check held"],
        ["files"] = ["fscheck: text written, appended, replaced and read back in /data/fscheck/hello.txt",
            "fscheck: 100003 bytes written in 7001-byte pieces and read back the same",
            "fscheck: directories made, a file copied, moved to a long name, listed, and the tree deleted",
            "fscheck: /boot/hello read: an ELF of ", "fscheck: every bad path and bad call was refused with its exception",
            "; its handle was closed (0 open)", "fscheck: every check held"],
        ["devices"] = ["devices: PL031 at 0x9010000 mapped at 0x7f0000200000: cell id 0xb105f00d, part 0x31", "devices granted: every check held",
            "devices probe: IRQHandler_Ack on slot 6: invalid capability", ") ended with code -1", "devices probe: every check held",
            "devices probe: spawning with a device grant: not permitted", "devices gpio: PL061 at 0x9030000: cell id 0xb105f00d, part 0x61",
            ", round 2) ended with code 0", "may not grant interrupt 33 (outside its may:grant= word)", "devices grantor: every check held"],
        ["hello"] = ["hello from hello pid ", "hello: arg 1 = a", "hello: arg 2 = b"],
        ["bulk"] = ["bulk-client: 5 blocks of 4000 bytes through the shared page, sums and in-place changes correct; doorbell answered"],
        ["cspace"] = ["cspace: start: 1 CNode, 57 slots free for the app",
            "cspace: 500 notification copies held in 3 CNodes (the last in CNode 2, slot 186); 500 of 569 slots taken",
            "cspace: a signal through the copy in CNode 2 arrived",
            "cspace: a memory object's handles received into CNode 2 (slots 187 and 188) map it: read back 77",
            "cspace: every copy deleted: 0 of 569 slots taken, 3 CNodes kept until exit",
            "cspace fill-slots: ", " CNodes, then: the slot quota (1024) is used up",
            "cspace fill-memory: a CNode refused with 3 CNodes held: the memory quota (1048576) is used up",
            "cspace: 0 failures"],
        ["forkbomb"] = ["forkbomb: 19 processes in the tree (its child-process quota 128), spawns refused: 20 by the child-process quota, 0 by the memory or slot quota, 0 otherwise: held by its quotas",
            "echo-client 1: 5 echoes correct", "echo-client 2: 5 echoes correct", "echo-client 3: 5 echoes correct"],
        ["floods"] = ["flood connections: 32 workers held 512 connections at once, all its quota had free (512 of 512); the next spawn was refused: the connection quota (512) is used up; a last worker given the 0 left was refused by its quota at its next request; all back: held by its quota",
            "flood publications: 64 workers held 256 publications at once, all its quota had free (256 of 256); the next spawn was refused: the publication quota (256) is used up; a last worker given the 0 left was refused by its quota at its next request; all back: held by its quota",
            "flood subscriptions: 63 workers held 504 subscriptions at once, all its quota had free (508 of 512); the next spawn was refused: the subscription quota (512) is used up; a last worker given the 4 left was refused by its quota at its next request; all back: held by its quota",
            "echo-client 1: 5 echoes correct", "echo-client 2: 5 echoes correct", "echo-client 3: 5 echoes correct"],
        ["memobj"] = ["memobj: 4 pages shared read-only: the peer read the pattern, a writable mapping and a read-write handle were refused (ReadOnlyHandle)",
            "memobj: the peer wrote 2048 words through a read-write handle and we read them all through our mapping",
            "memobj: closed and unmapped everywhere: the stale handle is refused here and in the peer (NoMemoryObject)",
            " objects of 256 pages, then the memory quota (8388608) is used up", "memobj: after the flood child ended, a 256-page object is created and closed here",
            "memobj peer: 4 calls served"],
        ["calc"] = ["calc client: a version 2 client is refused at open: the server speaks version 1 of the protocol", "calc client: 6 typed calls correct, 6 invalid requests refused with their errors, the server saw 6 calls", "calc server: 7 typed calls served"],
        ["chaos"] = ["chaos: 0 replies outside the protocol, 0 unexpected answers", "0 outside the protocol; 60 real calls between them worked",
            ") before the memory quota refused one page"],
        ["closer"] = ["closer client: filled the page, rang, closed", "closer server: read the page after the client closed: all 4096 bytes as written"],
        ["kv"] = ["kv client: 46 checks passed: 80 keys stored and read through \"kv\", 2 hits and 3 misses through \"kv-cache\" (a server calling a server), 4 malformed requests refused, 3750 bytes each way through the shared page, capabilities both ways, 69 events from the store"],
        ["echo"] = ["echo-client 1: 5 echoes correct, each with our badge ", "echo-client 2: 5 echoes correct, each with our badge ",
            "echo-client 3: 5 echoes correct, each with our badge ", " and our pid ", "; 4 texts (0-900 bytes, 1- to 4-byte UTF-8) back unchanged"],
        ["fairness"] = ["fairness: the ticker had ", " turns while 100 processes spawned one another: fair"],
        ["gone"] = ["gone client 1: ServerGone when the server died, InvalidCapability at once on the dead connection",
            "gone client 2: ServerGone when the server died, InvalidCapability at once on the dead connection"],
        ["hostile"] = ["panic check: 11 of 11 ways to stop were reported", "lifecycle: zombie exit code, parent-only Wait", "ping: 100 round trips to pong, every reply correct"],
        ["lifecycle"] = ["lifecycle: zombie exit code, parent-only Wait, subtree Kill and orphan adoption all hold", ", past 16 bits, served like any other"],
        ["panic"] = ["kind=exception Smos_CoreLib_System_IndexOutOfRangeException (index out of range)",
            "kind=exception Smos_CoreLib_System_DivideByZeroException (division by zero)",
            "kind=exception Smos_CoreLib_System_OutOfMemoryException (out of memory: the heap could not grow by ",
            " bytes: the memory quota (4194304) is used up)",
            "kind=exception Smos_App_Panic_Smos_Apps_PanicApp_SensorOfflineException (sensor 1 is offline) pc=",
            " at Smos_App_Panic_Smos_Apps_PanicApp__Inner+", "  from pid=", " at Smos_App_Panic_Smos_Apps_PanicApp__Main+",
            "kind=exception Smos_CoreLib_System_NullReferenceException (null reference)",
            "kind=panic (IPC buffer is still borrowed by an open scope", "panic suspend: TCB_Suspend on slot 1 -> refused",
            "at smos_halt+", "panic fault-endpoint: delete slot 6 -> ok (empty), delete 2^63 -> refused",
            "name=panic kind=capability fault pc=", "panic check: 11 of 11 ways to stop were reported and reclaimed by the root task"],
        ["pingpong"] = ["ping: 100 round trips to pong, every reply correct"],
        ["pubsub"] = ["monitor a: saw ", "monitor b: saw "],
        ["rust-sel4-scenario"] = ["conn-check: 0 failures"],
        ["runtime"] = ["runtime: after 64 MiB of churn: ", " bytes in use (GC.GetTotalMemory(true))", "runtime: a 600 KiB live set grew the heap from ",
            " bytes given back (", "; grown again to ", " checks passed, 0 failed"],
        ["tables"] = ["tables: 48 children held 192 publications, 240 connections, 192 topics and 240 subscriptions at once; every publish reached its subscriber; all torn down; 0 failures",
            "demo: tables (warm-up run)", "  warm-up: the heap was given ", " bytes more room and the CSpace ", " more CNodes; the root task kept "],
        ["quotas"] = ["quotas memory: Alloc refused after ", " grants of 64 pages: the memory quota (1048576) is used up",
            "quotas slots: Alloc refused after ", " grants of 32 pages: the slot quota (120) is used up",
            "quotas children: spawn 3 refused: the child-process quota (2) is used up", "quotas children: ps (pid parent state name held/quota):",
            "quotas connections: open 3 refused: the connection quota (2) is used up",
            "quotas publications: publish 2 refused: the publication quota (1) is used up",
            "quotas subscriptions: subscribe 3 refused: the subscription quota (2) is used up",
            ": the memory quota (50331648) is used up", ": the child-process quota (128) is used up",
            "quotas: a child with 16 KiB of memory: the memory quota is used up (its quota cannot hold the app)",
            "spawn: quotas: its memory quota (16384) cannot hold it",
            "quotas: usage back to the start: given 0 of each kind; children 0, connections 0, publications 0, subscriptions 0;",
            "quotas: 6 of 6 quotas exhausted in children with their errors; quotas we lack refused; 0 failures"],
        ["bigheap"] = ["bigheap: a 40 MiB long[] in one piece (quota:memory=64M): 5242880 elements written and read back, 0 wrong; the heap grew by ",
            "bigheap: the array dead and collected (", " bytes live), its chunk went back: the heap holds 0 pages (it held ",
            "bigheap big: a 4 MiB byte[] and a 12 MiB int[] held at once in a 24 MiB quota: written and read back, 0 wrong",
            "bigheap over: new byte[8 MiB] in a 4 MiB quota: OutOfMemoryException: out of memory: the heap could not grow by ",
            " bytes: the memory quota (4194304) is used up", "bigheap over: caught; then a 1 MiB byte[] fits and works (0 wrong)",
            "bigheap slots: new byte[4 MiB] with 600 slots: OutOfMemoryException: out of memory: the heap could not grow by ",
            " bytes: the slot quota (600) is used up", "bigheap: 0 failures"],
        ["scale"] = ["SMOS-SCALE processes=626 connections=10000 publications=1000 topics=1000 subscriptions=10000: PASS"],
        ["soak"] = ["soak: 1000 rounds (800 exited, 100 faulted, 100 killed in a call), 0 failures",
            "soak: 10000 rounds (8000 exited, 1000 faulted, 1000 killed in a call), 0 failures",
            "soak server: held 1000 calls without a reply until their callers were killed, dropped 1000 of them, holds 0 now; ",
            "; 0 children left", "soak: 10000 rounds (8000 exited, 1000 faulted, 1000 killed in a call), usage back to the start: PASS"],
        ["records"] = ["records: 250 single-page grants held at once, checked and given back; 16 pages shared with itself 512 GiB apart (16 checked through the server's mapping), all unmapped; the stack grew to ",
            " pages while they were held; 0 failures", "demo: records (warm-up run)"],
        ["text"] = ["runtime-text: console -42 18446744073709551615 True 7", "runtime-text: format a    5 FF",
            "runtime-text: interpolated 2 c FFFFFFFFFFFFFFFF", "runtime-text: partial line, flushed and ended", "runtime-text: all "],
        ["upper"] = ["upper-client: \"hello, world from seL4 16.0.0 - SmosSharp!\" -> \"HELLO, WORLD FROM SEL4 16.0.0 - SMOSSHARP!\"",
            "upper-client: 7 texts (0 to 4000 bytes, ASCII and 2- to 4-byte UTF-8) came back uppercased through upper and echo; a 5000-byte text was refused as too large, not sent",
            "upper: 7 texts uppercased through echo, 0 echo failures", "echo-server: 7 requests served (0 values, 7 texts); all clients closed"],
    };

    [BootTheory]
    [MemberData(nameof(Demos))]
    public void EachDemoPasses(string demo)
    {
        BuildsysRun run = SelfTestBoot.Run;
        // chaos reports under its own name (BootScript): SMOS-CHAOS.
        Assert.Contains(demo == "chaos" ? "SMOS-CHAOS: PASS" : $"SMOS-DEMO {demo}: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.True(DemoEvidence.ContainsKey(demo), $"apps/demos/{demo} has no expected lines in BootTests.DemoEvidence: add what its apps print when they pass");
        foreach (string line in DemoEvidence[demo])
        {
            Assert.Contains(line, run.StdOut, StringComparison.Ordinal);
        }
    }

    [BootFact]
    public void TheRootTasksTablesHeldMoreThanTheirOldFixedSizesAndGaveEverythingBack()
    {
        // The tables demo, judged after its warm-up run: the root task's peaks past the old fixed tables (8 processes,
        // 16 publications, 64 connections, 16 topics, 64 subscriptions) and past the boot CNode's slots, with every
        // untyped byte and slot back after.
        BuildsysRun run = SelfTestBoot.Run;
        Match m = Regex.Match(run.StdOut, @"free untyped bytes before=(\d+) after=(\d+), free slots before=(\d+) after=(\d+)\r?\n" +
            @"  peaks: processes=(\d+) publications=(\d+) connections=(\d+) topics=(\d+) subscriptions=(\d+) root-slots=\d+ demo-slots=(\d+) cnodes=\d+;[^\n]*\r?\n" +
            "SMOS-DEMO tables: PASS");
        Assert.True(m.Success, "no peaks line before SMOS-DEMO tables: PASS");
        Assert.Equal(m.Groups[1].Value, m.Groups[2].Value);
        Assert.Equal(m.Groups[3].Value, m.Groups[4].Value);
        int[] peaks = Enumerable.Range(5, 5).Select(g => int.Parse(m.Groups[g].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(peaks[0] >= 49 && peaks[0] > 8, $"processes {peaks[0]}");
        Assert.True(peaks[1] >= 193 && peaks[1] > 16, $"publications {peaks[1]}");
        Assert.True(peaks[2] >= 240 && peaks[2] > 64, $"connections {peaks[2]}");
        Assert.True(peaks[3] >= 193 && peaks[3] > 16, $"topics {peaks[3]}");
        Assert.True(peaks[4] >= 240 && peaks[4] > 64, $"subscriptions {peaks[4]}");

        // Together they held more root slots than the boot CNode has (4,096): the root task's CSpace grew to hold them.
        int demoSlots = int.Parse(m.Groups[10].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(demoSlots > 4096, $"demo-slots {demoSlots}");
    }

    [BootFact]
    public void OneProcessHeldMoreRecordsThanTheOldFixedListsAndItsEmptyPageTablesWentBack()
    {
        // The records demo, judged after its warm-up run: one process past the old per-process lists (96 allocations, 16
        // page tables, 320 pages), page tables returned when their last page went (not only at exit),
        // and every untyped byte and slot back after.
        BuildsysRun run = SelfTestBoot.Run;
        Match m = Regex.Match(run.StdOut, @"free untyped bytes before=(\d+) after=(\d+), free slots before=(\d+) after=(\d+)\r?\n" +
            @"  peaks: [^\n]*; one process: allocations=(\d+) pages=(\d+) page-tables=(\d+); page tables returned before exit=(\d+)\r?\nSMOS-DEMO records: PASS");
        Assert.True(m.Success, "no peaks line before SMOS-DEMO records: PASS");
        Assert.Equal(m.Groups[1].Value, m.Groups[2].Value);
        Assert.Equal(m.Groups[3].Value, m.Groups[4].Value);
        int[] figures = Enumerable.Range(5, 4).Select(g => int.Parse(m.Groups[g].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(figures[0] > 250 + 8, $"allocations {figures[0]}"); // the grants and what a spawn takes, and the tables
        Assert.True(figures[1] > 256 + 16, $"pages {figures[1]}");
        Assert.True(figures[2] > 16 + 32, $"page tables {figures[2]}");
        Assert.True(figures[3] >= 48, $"page tables returned before exit {figures[3]}");
    }

    [BootFact]
    public void FreeMemoryAndSlotsComeBackAfterTheInitAppsEachDemoAndTheSoak()
    {
        BuildsysRun run = SelfTestBoot.Run;
        Assert.Matches(@"chaos: \d+ requests \(3000 random\), replies by error: Ok=\d+", run.StdOut);
        int demos = Demos().Count;
        var figures = Regex.Matches(run.StdOut, @"free untyped bytes before=(\d+) after=(\d+), free slots before=(\d+) after=(\d+)");
        Assert.Equal(2 + demos, figures.Count);
        foreach (Match m in figures)
        {
            Assert.Equal(m.Groups[1].Value, m.Groups[2].Value);
            Assert.Equal(m.Groups[3].Value, m.Groups[4].Value);
        }
    }

    [BootFact]
    public void TheSoakEndedTenThousandChildrenAndEverythingCameBack()
    {
        // 10,000 rounds: 1,000 faults reported by the root task (each kind of the soak's five), the parent's ps usage
        // the same before and after, and every untyped byte and slot back when the demo ends.
        BuildsysRun run = SelfTestBoot.Run;
        Assert.Equal(1000, Regex.Count(run.StdOut, @"(?m)^FAULT pid=\d+ name=soak kind="));
        foreach (string kind in new[] { "kind=VM fault", "kind=user exception (undefined instruction)", "NullReferenceException (null reference)",
            "InvalidOperationException (soak: a child fails on purpose)", "IndexOutOfRangeException (index out of range)" })
        {
            Assert.Matches(@"(?m)^FAULT pid=\d+ name=soak [^\n]*" + Regex.Escape(kind), run.StdOut);
        }

        Match ps = Regex.Match(run.StdOut, @"soak: ps before: ([^;]+); after: ([^;]+); 0 children left");
        Assert.True(ps.Success, "no ps line of the soak");
        Assert.Equal(ps.Groups[1].Value, ps.Groups[2].Value);
        Match m = Regex.Match(run.StdOut, @"free untyped bytes before=(\d+) after=(\d+), free slots before=(\d+) after=(\d+)\r?\n[^\n]*\r?\nSMOS-DEMO soak: PASS");
        Assert.True(m.Success, "no figures before SMOS-DEMO soak: PASS");
        Assert.Equal(m.Groups[1].Value, m.Groups[2].Value);
        Assert.Equal(m.Groups[3].Value, m.Groups[4].Value);
    }

    /// <summary>The product image (what `./smos run` boots): the init list runs, and no deliberate error is printed.</summary>
    [BootFact]
    public void TheProductImageRunsTheInitListWithoutAnyErrorLine()
    {
        BuildsysRun run = Buildsys.Run("test", "--product", "--out", OutDir("product"), "--timeout", "60");
        _output.WriteLine(run.All);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("SMOS-INIT: PASS", run.StdOut, StringComparison.Ordinal);
        // The services, started in the init list's order with their grants and privileges, are not waited for (their
        // "serving" lines may come after SMOS-DONE, where the run stops; the time demo and the shell tests check them).
        Assert.Contains("init: start timer as pid 1 (a service: not waited for)", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("init: start pl011 as pid 2 (a service: not waited for)", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("init: start console as pid 3 (a service: not waited for)", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("init: start virtio-blk as pid 4 (a service: not waited for)", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("init: start files as pid 5 (a service: not waited for)", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("init: start smosh as pid 6 (a service: not waited for)", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("SMOS-IPC", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("SMOS-DEMO", run.StdOut, StringComparison.Ordinal);
        // The markers of the self-test image's deliberate errors (TheSelfTestImageBootsAndPassesEveryCheck shows they are
        // printed there): the kernel's own error message (colour codes sit between its "<<" and "seL4"), the stopped
        // thread's report, the faults.
        Assert.DoesNotContain("seL4(CPU", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("SMOS-EXPECT-PANIC", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("FAULT", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("PANIC", run.StdOut, StringComparison.Ordinal);
    }

    [BootFact]
    public void TheDiskKeepsWhatOneBootWroteForTheNextUntilItIsReset()
    {
        // Two boots on one out/disk.img: the second finds the first's count near the disk's end; --disk-reset empties it again.
        string outDir = OutDir("blk");
        BuildsysRun first = Buildsys.Run("test", "--demo", "blk", "--out", outDir, "--disk-reset", "--disk-size", "8", "--timeout", "120");
        _output.WriteLine(first.All);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("virtio-blk: serving \"blk\": 16384 sectors (8 MiB), interrupt 79", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("blkcheck: boot 1 on this disk (its counter sector, 16 from the end, counted 0 before)", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("blkcheck: the last 8 sectors written and read back: same", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("blkcheck: every check held", first.StdOut, StringComparison.Ordinal);

        BuildsysRun second = Buildsys.Run("test", "--demo", "blk", "--out", outDir, "--timeout", "120");
        _output.WriteLine(second.All);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("blkcheck: boot 2 on this disk (its counter sector, 16 from the end, counted 1 before)", second.StdOut, StringComparison.Ordinal);

        BuildsysRun reset = Buildsys.Run("test", "--demo", "blk", "--out", outDir, "--disk-reset", "--disk-size", "8", "--timeout", "120");
        Assert.Equal(0, reset.ExitCode);
        Assert.Contains("blkcheck: boot 1 on this disk", reset.StdOut, StringComparison.Ordinal);
    }

    [BootFact]
    public void BootsWhenQemuStartsTheCpuAtEl2()
    {
        // One demo is enough to show the boot at EL2 (all of them, the soak's 10,000 rounds included, run in the test above).
        BuildsysRun run = Buildsys.Run("test", "--el2", "--demo", "echo", "--out", OutDir("el2"), "--timeout", "60");
        _output.WriteLine(run.All);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("SmosSharp loader: started at EL2, running at EL1", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("smos test: PASS", run.StdOut, StringComparison.Ordinal);
    }

    [BootFact]
    public void APanickingRootTaskShowsMessageAndLocationAndFailsTheTest()
    {
        BuildsysRun run = Buildsys.Run("test", "--define", "SMOS_PANIC_TEST", "--out", OutDir("panic"), "--timeout", "60");
        _output.WriteLine(run.All);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("PANIC: index out of range", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("  at pc=0x", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("PanicTest__Run", run.All, StringComparison.Ordinal);
        int line = LineOf("servers/selftest/PanicTest.cs", "values[index] = 1;");
        Assert.Matches(@"(?m)=> \S*PanicTest__Run\+0x[0-9a-f]+ \(roottask\.elf, pc=0x[0-9a-f]+\) at servers/selftest/PanicTest\.cs:" + line + @"\r?$", run.StdOut);
        Assert.Contains("smos test: FAIL", run.StdOut, StringComparison.Ordinal);
    }

    [BootFact]
    public void TheBootArchiveInTheImageIsReadByGnuCpio()
    {
        string outDir = OutDir("archive");
        BuildsysRun image = Buildsys.Run("image", "--out", outDir);
        Assert.True(image.ExitCode == 0, image.All);
        string cpioFile = Path.Combine(outDir, "extracted.cpio");
        BuildsysRun extract = Buildsys.Run("archive", "extract", Path.Combine(outDir, "smos-image.elf"), "-o", cpioFile);
        Assert.True(extract.ExitCode == 0, extract.All);

        var psi = new ProcessStartInfo("cpio", "-t") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var cpio = Process.Start(psi)!;
        using (FileStream input = File.OpenRead(cpioFile))
        {
            input.CopyTo(cpio.StandardInput.BaseStream);
        }

        cpio.StandardInput.Close();
        string listing = cpio.StandardOutput.ReadToEnd();
        cpio.WaitForExit();
        _output.WriteLine(listing);
        Assert.Equal(0, cpio.ExitCode);
        Assert.Contains("kernel.elf", listing, StringComparison.Ordinal);
        Assert.Contains("roottask.elf", listing, StringComparison.Ordinal);
    }
}

/// <summary>One boot of the self-test image with every demo, shared by the tests that read its output.</summary>
internal static class SelfTestBoot
{
    private static readonly Lazy<BuildsysRun> Boot = new(() =>
        // The demos add about 10 s of guest time, the soak demo's 10,000 rounds about 80 s more; the margin is for slow machines.
        Buildsys.Run("test", "--out", Path.Combine(Buildsys.RepoRoot, "out", "tests", "normal"), "--timeout", "400"));

    public static BuildsysRun Run => Boot.Value;
}
