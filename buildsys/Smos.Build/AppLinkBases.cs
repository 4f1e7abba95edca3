// Where each app is linked: a 2 MiB slot of its own between the root task and the heap region, so symbols never overlap.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Smos.Build;

/// <summary>
/// Gives every app buildsys builds its own link base (kernel-glue/arch/aarch64/app.ld, <c>__smos_link_base</c>), so the
/// root task and all apps can be loaded into gdb at once at their own addresses (docs/debugging.md). Slot i of the apps
/// sorted by name (every app found, not only those of one image, so an app keeps its base across images) starts at
/// <see cref="RegionStart"/> + i * <see cref="SlotSize"/>. The region lies below libsmos's notification buffers
/// (0x2000_0000; the shared window, the shared pages, the start-info, IPC buffer, stack, device, DMA and heap regions
/// are all above them) and above the root task, which is linked at 0x400000. A slot is 2 MiB aligned, as
/// 0x400000 is: an app smaller than 2 MiB needs one page table, as before.
/// </summary>
internal static class AppLinkBases
{
    /// <summary>The first slot: 64 MiB, room for a root task (linked at 0x400000, apps archive inside) of 60 MiB.</summary>
    public const ulong RegionStart = 0x0400_0000;

    /// <summary>The end of the region: below libsmos's notification buffers (0x2000_0000) and everything above them (a test checks).</summary>
    public const ulong RegionEnd = 0x1000_0000;

    /// <summary>One app's room: its code, data and .bss must fit (checked after the build by <see cref="Problem"/>).</summary>
    public const ulong SlotSize = 0x20_0000;

    /// <summary>Where the root task is linked (kernel-glue/arch/aarch64/roottask.ld).</summary>
    public const ulong RootTaskBase = 0x40_0000;

    /// <summary>How many apps the region holds.</summary>
    public const int Slots = (int)((RegionEnd - RegionStart) / SlotSize);

    /// <summary>The file in an app's object folder (out/obj/apps/&lt;name&gt;/) the app SDK targets read the base from.</summary>
    public const string FileName = "link-base.txt";

    /// <summary>The base of each app in <paramref name="names"/>: slot i for the i-th name in ordinal order.</summary>
    public static IReadOnlyDictionary<string, ulong> Assign(IEnumerable<string> names)
    {
        List<string> sorted = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (sorted.Count > Slots)
        {
            throw new BuildsysException(
                $"{sorted.Count} apps, but the link region 0x{RegionStart:x}-0x{RegionEnd:x} has {Slots} slots of {SlotSize >> 20} MiB (buildsys/Smos.Build/AppLinkBases.cs)");
        }

        var bases = new Dictionary<string, ulong>(StringComparer.Ordinal);
        for (int i = 0; i < sorted.Count; i++)
        {
            bases[sorted[i]] = RegionStart + ((ulong)i * SlotSize);
        }

        return bases;
    }

    /// <summary>"0x4200000": how a base is written for the linker (ld --defsym) and in the files.</summary>
    public static string Format(ulong address) => "0x" + address.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes each app's base to out/obj/apps/&lt;name&gt;/link-base.txt (only when it changed, so an unchanged app is not
    /// relinked), where the app SDK targets read it.
    /// </summary>
    public static void Write(Repo repo, IReadOnlyDictionary<string, ulong> bases)
    {
        foreach ((string name, ulong address) in bases)
        {
            string dir = Path.Combine(repo.ObjDir, Programs.AppsFolder, name);
            string file = Path.Combine(dir, FileName);
            string text = Format(address) + "\n";
            Directory.CreateDirectory(dir);
            if (!File.Exists(file) || File.ReadAllText(file) != text)
            {
                File.WriteAllText(file, text);
            }
        }
    }

    /// <summary>
    /// Why the app <paramref name="name"/>, loaded at <paramref name="range"/>, is not where its base says (it was linked
    /// elsewhere, or it outgrew its slot), or null when it fits.
    /// </summary>
    public static string? Problem(string name, ulong linkBase, (ulong Start, ulong End) range)
    {
        if (range.Start != linkBase)
        {
            return $"app {name} is loaded from 0x{range.Start:x}, not at its link base 0x{linkBase:x}: it was not linked with kernel-glue/arch/aarch64/app.ld and the base buildsys gave it";
        }

        if (range.End - range.Start > SlotSize)
        {
            return $"app {name} needs 0x{range.End - range.Start:x} bytes, more than its slot of 0x{SlotSize:x} at 0x{linkBase:x} (buildsys/Smos.Build/AppLinkBases.cs: make SlotSize larger)";
        }

        return null;
    }

    /// <summary>Why the root task, loaded at <paramref name="range"/>, reaches into the apps' region, or null.</summary>
    public static string? RootTaskProblem((ulong Start, ulong End) range) =>
        range.End > RegionStart
            ? $"the root task reaches 0x{range.End:x}, into the apps' link region from 0x{RegionStart:x}: gdb would mix their symbols (buildsys/Smos.Build/AppLinkBases.cs: move RegionStart up)"
            : null;
}
