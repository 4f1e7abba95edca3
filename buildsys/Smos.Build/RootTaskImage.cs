// The loader as a general tool: `image/run --roottask ELF` packs any seL4 root task ELF, `run --image PATH` boots an image as is.
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Smos.Formats;

namespace Smos.Build;

/// <summary>
/// Options and checks for packing a root task that is not SmosSharp's (rust-sel4's loader-add-payload does the same
/// for its loader): the boot archive then holds the kernel, the DTB and that ELF as given, and only the loader is built.
/// </summary>
internal static class RootTaskImage
{
    /// <summary>
    /// Where kernel-glue/arch/aarch64/loader.ld links the loader (physical, identity-mapped). The loader puts the kernel at
    /// its physical addresses, the DTB and then the root task on the pages after it, all below this address.
    /// </summary>
    public const ulong LoaderBase = 0x48000000;

    /// <summary>
    /// The kernel configuration the loader itself needs (a subset of <see cref="KernelConfig.Common"/>): the platform it
    /// is written for, one core, and no hypervisor mode (it enters the kernel at EL1). What SmosSharp's root task needs
    /// beyond that (root CNode size, priorities, a debug build, ...) is the other root task's business.
    /// </summary>
    public static readonly IReadOnlyList<(string Key, string Needed, string Setting)> KernelNeeds =
        KernelConfig.Common.Where(k => k.Key is "PLAT" or "SEL4_ARCH" or "ARM_CORTEX_A53" or "MAX_NUM_NODES" or "ARM_HYPERVISOR_SUPPORT").ToList();

    public static readonly Option<string?> RootTask = new("--roottask")
    {
        Description = "Pack this seL4 root task (an AArch64 ELF executable, any program) with SmosSharp's loader, kernel and DTB instead of building SmosSharp's root task and apps",
        HelpName = "ELF",
    };

    public static readonly Option<string?> Image = new("--image")
    {
        Description = "Boot this image (a loader ELF written by `image`) as it is, without building anything",
        HelpName = "PATH",
    };

    /// <summary>Adds --roottask to `image` and `run`, and --image to `run`.</summary>
    public static void AddOptions(Command image, Command run)
    {
        image.Options.Add(RootTask);
        run.Options.Add(RootTask);
        run.Options.Add(Image);
    }

    /// <summary>The --roottask file, checked and made absolute; null when the option is not given.</summary>
    public static string? Given(ParseResult parse)
    {
        string? given = ValueOf(parse, RootTask);
        if (given is null)
        {
            return null;
        }

        if (ValueOf(parse, Image) is not null)
        {
            throw new BuildsysException("--roottask packs and boots a new image, --image boots a written one: give one of them");
        }

        if ((parse.GetValue(Cli.Defines) ?? []).Length > 0 || (parse.GetValue(Cli.Demo) ?? []).Length > 0 || parse.GetValue(Cli.SelfTest))
        {
            throw new BuildsysException("--roottask packs the given ELF instead of SmosSharp's root task and apps: drop --define, --demo and --selftest");
        }

        string path = Path.GetFullPath(given);
        if (!File.Exists(path))
        {
            throw new BuildsysException($"--roottask {given}: no such file");
        }

        if (Problem(File.ReadAllBytes(path)) is string problem)
        {
            throw new BuildsysException($"--roottask {given}: {problem}");
        }

        return path;
    }

    /// <summary>The --image file for `run`, checked to be an AArch64 ELF executable; null when not given.</summary>
    public static string? BootImage(ParseResult parse)
    {
        string? given = ValueOf(parse, Image);
        if (given is null)
        {
            return null;
        }

        if ((parse.GetValue(Cli.Defines) ?? []).Length > 0 || (parse.GetValue(Cli.Demo) ?? []).Length > 0 || parse.GetValue(Cli.SelfTest)
            || parse.GetValue(Cli.Kernel) is not null || parse.GetValue(Cli.Dtb) is not null || parse.GetValue(Cli.NoDtb))
        {
            throw new BuildsysException("--image boots a written image as it is: drop the build and kernel options (--define, --demo, --selftest, --kernel, --dtb, --no-dtb)");
        }

        string path = Path.GetFullPath(given);
        if (!File.Exists(path))
        {
            throw new BuildsysException($"--image {given}: no such file (write one with `image` or `image --roottask ELF`)");
        }

        if (Problem(File.ReadAllBytes(path)) is string problem)
        {
            throw new BuildsysException($"--image {given}: {problem}");
        }

        return path;
    }

    /// <summary>The option's value, or null when the parsed command does not have it (`test` has neither option).</summary>
    private static string? ValueOf(ParseResult parse, Option<string?> option) =>
        parse.CommandResult.Command.Options.Contains(option) ? parse.GetValue(option) : null;

    /// <summary>Null when <paramref name="elf"/> is something the loader can start as the root task, else why not.</summary>
    public static string? Problem(ReadOnlySpan<byte> elf)
    {
        string? problem = KernelLocator.AArch64ElfProblem(elf, out ElfHeader header);
        if (problem is not null)
        {
            return problem;
        }

        if (header.Type != Elf.ET_EXEC)
        {
            return header.Type switch
            {
                Elf.ET_REL => "a relocatable object file (ET_REL), not an executable: link it first (aarch64-linux-gnu-ld -o ELF ...)",
                Elf.ET_DYN => "a position-independent executable or shared object (ET_DYN): the loader does not relocate, link it at a fixed address (without -pie)",
                _ => $"ELF type {header.Type}, not an executable (ET_EXEC)",
            };
        }

        var segments = new List<(ulong Start, ulong End, bool Exec)>();
        for (int i = 0; i < header.PhNum; i++)
        {
            ElfError phError = Elf.GetProgramHeader(elf, header, i, out ProgramHeader ph);
            if (phError != ElfError.Ok)
            {
                return $"program header {i}: {Elf.Describe(phError)}";
            }

            if (ph.Type != Elf.PT_LOAD || ph.MemSize == 0)
            {
                continue;
            }

            foreach ((ulong start, ulong end, _) in segments)
            {
                if (ph.VAddr < end && start < ph.VAddr + ph.MemSize)
                {
                    return $"its loadable segments overlap (0x{start:x}-0x{end:x} and 0x{ph.VAddr:x}-0x{ph.VAddr + ph.MemSize:x})";
                }
            }

            segments.Add((ph.VAddr, ph.VAddr + ph.MemSize, (ph.Flags & Elf.PF_X) != 0));
        }

        if (segments.Count == 0)
        {
            return "no loadable segment (PT_LOAD with a size): nothing to run";
        }

        if (!segments.Exists(s => s.Exec && header.Entry >= s.Start && header.Entry < s.End))
        {
            return $"its entry point 0x{header.Entry:x} is not inside an executable loadable segment";
        }

        Elf.GetLoadBounds(elf, header, out ulong low, out ulong high);
        if (BootLayout.AlignUp(high, BootLayout.PageSize) > BootLayout.UserTop)
        {
            return $"it loads at 0x{low:x}-0x{high:x}, above seL4's user address limit 0x{BootLayout.UserTop:x}";
        }

        return null;
    }

    /// <summary>
    /// Checks that kernel, DTB and the root task fit below the loader, as the loader will plan it (<see cref="BootLayout.Plan"/>):
    /// the root task's pages, from its lowest to its highest loaded address, go on the pages after the kernel and DTB.
    /// </summary>
    public static void RequireFit(string rootTaskPath, KernelSelection kernel)
    {
        byte[] rootTask = File.ReadAllBytes(rootTaskPath);
        ulong dtbSize = kernel.DtbPath is null ? 0 : (ulong)new FileInfo(kernel.DtbPath).Length;
        BootLayoutError error = BootLayout.Plan(File.ReadAllBytes(kernel.KernelPath), dtbSize, rootTask, LoaderBase, out BootLayout layout);
        if (error == BootLayoutError.DoesNotFit)
        {
            ulong span = layout.UserPhysEnd - layout.UserPhysStart;
            ulong room = LoaderBase - layout.UserPhysStart;
            throw new BuildsysException(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: its loaded range 0x{1:x}-0x{2:x} spans {3:N0} bytes, but the loader has {4:N0} bytes for it (physical 0x{5:x}-0x{6:x}, between the kernel and DTB and the loader's own image at 0x{6:x})",
                rootTaskPath, layout.UserVirtStart, layout.UserVirtStart + span, span, room, layout.UserPhysStart, LoaderBase));
        }

        if (error != BootLayoutError.None)
        {
            throw new BuildsysException($"{rootTaskPath}: {BootLayout.Describe(error)}");
        }
    }
}
