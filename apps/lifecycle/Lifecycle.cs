// lifecycle: a hostile parent on the real kernel: zombies keep exit codes, only parents wait, Kill ends a subtree, orphans leave the family.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// Without arguments: the checks of the process lifecycle (docs/protocol.md, "Processes"); exits 0 when all hold, 1 at
/// the first that does not. The other modes are its helpers: <c>thief PID</c> (must not be allowed to wait for PID),
/// <c>sleep</c> (blocks forever), <c>tree</c> (starts a sleeping child, publishes its pid on "lifecycle-leaf", sleeps),
/// <c>orphaner</c> (starts a sleeping child and exits with its pid).
/// </summary>
public static class Lifecycle
{
    public static int Main(string[] args)
    {
        ReadOnlySpan<byte> mode = Args.Count > 1 ? Args.Get(1) : default;
        if (Ascii.Equal(mode, "sleep"u8))
        {
            Sleep();
        }

        if (Ascii.Equal(mode, "thief"u8))
        {
            // Wait is the parent's alone: a sibling must be refused, not parked on the child.
            return Args.TryGetNumber(2, out long victim) && Process.Wait((ulong)victim, out _) == RootError.NotPermitted ? 0 : 1;
        }

        if (Ascii.Equal(mode, "tree"u8) || Ascii.Equal(mode, "orphaner"u8))
        {
            // The topic first: a topic it creates counts against its publications quota, and the child below takes what
            // the default child quota gives (4 publications, all this process has) at its spawn.
            if (Ascii.Equal(mode, "tree"u8) && Topics.Publish("lifecycle-leaf"u8, 0, out _) != RootError.Ok)
            {
                return 1;
            }

            if (Process.Spawn("lifecycle"u8, "sleep\0"u8, out ulong leaf) != RootError.Ok)
            {
                return 1;
            }

            if (Ascii.Equal(mode, "orphaner"u8))
            {
                return (int)leaf;
            }

            Topics.Publish("lifecycle-leaf"u8, leaf, out _);
            Sleep();
        }

        string? failure = Check();
        if (failure is not null)
        {
            Console.WriteLine($"lifecycle: FAILED: {failure}");
            return 1;
        }

        Console.WriteLine("lifecycle: zombie exit code, parent-only Wait, subtree Kill and orphan adoption all hold");
        if (Process.Pid > 0xFFFF)
        {
            // The self-test runs the demos with pids past 16 bits: every request above carried one.
            Console.WriteLine($"lifecycle: pid {Process.Pid}, past 16 bits, served like any other");
        }

        return 0;
    }

    private static string? Check()
    {
        // A child that ends before its parent waits keeps its exit code (counter N exits with N).
        if (Process.Spawn("counter"u8, "3\0"u8, out ulong counter) != RootError.Ok)
        {
            return "could not spawn counter";
        }

        for (int i = 0; i < 50; i++)
        {
            Scheduler.Yield(); // let the child run to its end first
        }

        if (Process.Wait(counter, out long code) != RootError.Ok || code != 3)
        {
            return "Wait did not return the exit code of a child that had already ended";
        }

        // Only the parent may wait: a sibling's Wait is refused, the parent's still works.
        if (Process.Spawn("hello"u8, default, out ulong hello) != RootError.Ok)
        {
            return "could not spawn hello";
        }

        Span<byte> args = stackalloc byte[32];
        int n = ThiefArgs(hello, args);
        if (Process.Spawn("lifecycle"u8, args.Slice(0, n), out ulong thief) != RootError.Ok ||
            Process.Wait(thief, out code) != RootError.Ok || code != 0)
        {
            return "a sibling was allowed to wait for another process's child";
        }

        if (Process.Wait(hello, out code) != RootError.Ok || code != 0)
        {
            return "the parent could not wait for its child after a sibling tried";
        }

        // Kill ends the whole subtree: the child's own child goes with it (and is reaped with its parent).
        if (StartTree(0, out ulong tree, out ulong leaf) is string treeFailure)
        {
            return treeFailure;
        }

        if (Process.Kill(tree) != RootError.Ok || Process.Wait(tree, out code) != RootError.Ok || code != ExitCodes.Killed)
        {
            return "Kill of a child did not end it with the Killed exit code";
        }

        if (Process.Kill(leaf) != RootError.NoSuchProcess)
        {
            return "the killed child's own child survived or was not reaped";
        }

        // A parent may kill any descendant, a grandchild included.
        if (StartTree(leaf, out ulong tree2, out ulong leaf2) is string tree2Failure)
        {
            return tree2Failure;
        }

        if (Process.Kill(leaf2) != RootError.Ok || Process.Kill(tree2) != RootError.Ok || Process.Wait(tree2, out _) != RootError.Ok)
        {
            return "a grandparent could not kill its grandchild";
        }

        // An orphan leaves the family: it is the root task's child now, and the end of the demo ends it.
        if (Process.Spawn("lifecycle"u8, "orphaner\0"u8, out ulong orphaner) != RootError.Ok ||
            Process.Wait(orphaner, out long orphan) != RootError.Ok || orphan <= 0)
        {
            return "the orphaner did not report its child";
        }

        return Process.Kill((ulong)orphan) == RootError.NotPermitted ? null : "an orphan could still be killed by its former grandparent";
    }

    // Starts "lifecycle tree" and learns its child's pid from the topic (a value other than the previous tree's).
    private static string? StartTree(ulong previousLeaf, out ulong tree, out ulong leaf)
    {
        leaf = 0;
        if (Process.Spawn("lifecycle"u8, "tree\0"u8, out tree) != RootError.Ok)
        {
            return "could not spawn the tree";
        }

        for (int i = 0; i < 1000 && (leaf == 0 || leaf == previousLeaf); i++)
        {
            Scheduler.Yield();
            Topics.Read("lifecycle-leaf"u8, out leaf);
        }

        return leaf == 0 || leaf == previousLeaf ? "the tree never published its leaf" : null;
    }

    private static int ThiefArgs(ulong victim, Span<byte> args)
    {
        "thief\0"u8.CopyTo(args);
        int n = 6;
        Span<byte> digits = stackalloc byte[20];
        int d = 0;
        do
        {
            digits[d++] = (byte)('0' + (int)(victim % 10));
            victim /= 10;
        }
        while (victim != 0);

        while (d > 0)
        {
            args[n++] = digits[--d];
        }

        args[n++] = 0;
        return n;
    }

    private static void Sleep()
    {
        while (true)
        {
            Notifications.Wait(); // nothing signals it: the process stays until it is killed
        }
    }
}
