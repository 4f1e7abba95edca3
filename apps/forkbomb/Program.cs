// forkbomb: spawns itself recursively, two children per process with the default child quota, until quotas refuse.
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>
/// A fork bomb held by quotas (issue 15's containment): every process tries to spawn two copies of itself, each with
/// the default child quota clipped to what it has free, and reports its subtree back through its exit code (bits 0-15:
/// processes, 16-23: spawns refused by the child-process quota, 24-30: by the memory or slot quota). The first one
/// prints the totals and passes when every refusal named a quota and the tree stayed within its own quota.
/// </summary>
public static class Program
{
    private const int Width = 2;

    public static int Main(string[] args)
    {
        bool top = args.Length == 0;
        ProcessInfo? before = null;
        if (top && Process.TryGetInfo(Process.Pid, out ProcessInfo? info) == RootError.Ok)
        {
            before = info;
        }

        long processes = 1;
        long byChildren = 0;
        long byMemory = 0;
        long other = 0;
        var children = new List<ulong>();
        for (int i = 0; i < Width; i++)
        {
            RootError e = Process.Spawn("forkbomb", ["child"], out ulong pid);
            if (e == RootError.Ok)
            {
                children.Add(pid);
            }
            else if (e == RootError.QuotaChildren)
            {
                byChildren++;
            }
            else if (e is RootError.QuotaMemory or RootError.QuotaSlots)
            {
                byMemory++;
            }
            else
            {
                other++;
                Console.WriteLine($"forkbomb: a spawn refused with {ProcessAbi.Describe(e)}, not a quota");
            }
        }

        foreach (ulong pid in children)
        {
            if (Process.Wait(pid, out long code) != RootError.Ok || code < 0)
            {
                other++;
                continue;
            }

            processes += code & 0xFFFF;
            byChildren += (code >> 16) & 0xFF;
            byMemory += (code >> 24) & 0x7F;
        }

        if (!top)
        {
            return (int)(Math.Min(processes, 0xFFFF) | (Math.Min(byChildren, 0xFF) << 16) | (Math.Min(byMemory, 0x7F) << 24));
        }

        long limit = before is ProcessInfo b ? (long)b.Quota.Children : 0;
        bool held = other == 0 && byChildren + byMemory > 0 && processes - 1 <= limit;
        Console.WriteLine($"forkbomb: {processes} processes in the tree (its child-process quota {limit}), spawns refused: {byChildren} by the child-process quota, {byMemory} by the memory or slot quota, {other} otherwise: {(held ? "held by its quotas" : "NOT held")}");
        return held ? 0 : 1;
    }
}
