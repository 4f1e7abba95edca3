// Helpers shared by the flood and scale demos (linked into apps/scale): ending a set of workers and comparing ps counts.
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

internal static class WorkerTrees
{
    /// <summary>Kills and reaps <paramref name="pids"/>; false if one had ended by itself (its exit code is not the kill's).</summary>
    public static bool KillAll(List<ulong> pids)
    {
        bool all = true;
        foreach (ulong pid in pids)
        {
            _ = Process.Kill(pid);
            all &= Process.Wait(pid, out long code) == RootError.Ok && code == ExitCodes.Killed;
        }

        return all;
    }

    /// <summary>
    /// Every count <paramref name="b"/> holds or gave equals <paramref name="a"/>'s (memory and slots it uses itself
    /// aside: they may have grown with its heap); prints the first kind that differs.
    /// </summary>
    public static bool SameCounts(ProcessInfo a, ProcessInfo b)
    {
        for (int k = 0; k < ProcessQuota.Words; k++)
        {
            var kind = (QuotaKind)k;
            bool counted = kind is not QuotaKind.Memory and not QuotaKind.Slots;
            if (a.Given.Get(kind) != b.Given.Get(kind) || (counted && a.Used.Get(kind) != b.Used.Get(kind)))
            {
                Console.WriteLine($"{ProcessQuota.Name(kind)}: used {a.Used.Get(kind)} -> {b.Used.Get(kind)}, given {a.Given.Get(kind)} -> {b.Given.Get(kind)}");
                return false;
            }
        }

        return true;
    }
}
