// Finds and checks the installed seL4 kernel (and its DTB): --kernel, --dtb, --no-dtb, or SEL4_PREFIX.
using System;
using System.IO;
using Smos.Formats;

namespace Smos.Build;

/// <summary>The kernel options every image-building command takes.</summary>
internal sealed record KernelOptions(string? Kernel = null, string? Dtb = null, bool NoDtb = false);

/// <summary>The kernel and DTB to pack, and where they were found (for messages).</summary>
internal sealed record KernelSelection(string KernelPath, string? DtbPath, string Origin);

/// <summary>Locates the kernel from options or SEL4_PREFIX and validates it as an AArch64 seL4 kernel for QEMU virt.</summary>
internal static class KernelLocator
{
    public const string PrefixVariable = "SEL4_PREFIX";
    public const ulong ExpectedEntry = 0xffffff8040000000;
    public const uint DtbMagic = 0xd00dfeed;

    /// <summary>The kernel configuration SmosSharp is written for (see docs/kernel.md).</summary>
    public const string Requirement =
        "seL4 16.0.0 for AArch64 qemu-arm-virt (cortex-a53), non-MCS, root CNode 12 bits, the timer exported to user level (KernelArmExportPCNTUser and KernelArmExportPTMRUser ON), 1 GiB RAM, GICv2; " +
        "a debug build (KernelDebugBuild ON, KernelPrinting ON) or a release build (KernelDebugBuild OFF)";

    /// <summary>The error when no kernel was given at all.</summary>
    public static string MissingKernelMessage =>
        $"no seL4 kernel given: SmosSharp needs {Requirement}; set {PrefixVariable} to its install prefix (with bin/kernel.elf) or pass --kernel PATH/kernel.elf (see docs/kernel.md)";

    /// <summary>Picks kernel and DTB; every file named must exist and the kernel must pass <see cref="Check"/>.</summary>
    public static KernelSelection Locate(KernelOptions options, string? sel4Prefix)
    {
        if (options.NoDtb && options.Dtb is not null)
        {
            throw new BuildsysException("--dtb and --no-dtb exclude each other");
        }

        string kernel;
        string origin;
        string[] dtbCandidates;
        if (options.Kernel is not null)
        {
            kernel = Path.GetFullPath(options.Kernel);
            if (!File.Exists(kernel))
            {
                throw new BuildsysException($"--kernel {options.Kernel}: no such file");
            }

            origin = "--kernel";
            string dir = Path.GetDirectoryName(kernel)!;
            dtbCandidates = [Path.Combine(dir, "kernel.dtb"), Path.Combine(dir, "..", "support", "kernel.dtb")];
        }
        else if (!string.IsNullOrEmpty(sel4Prefix))
        {
            string prefix = Path.GetFullPath(sel4Prefix);
            kernel = Path.Combine(prefix, "bin", "kernel.elf");
            if (!File.Exists(kernel))
            {
                throw new BuildsysException(
                    $"{PrefixVariable}={sel4Prefix} has no bin/kernel.elf: point it at the install prefix of {Requirement} (see docs/kernel.md)");
            }

            origin = $"{PrefixVariable}={sel4Prefix}";
            dtbCandidates = [Path.Combine(prefix, "bin", "kernel.dtb"), Path.Combine(prefix, "support", "kernel.dtb")];
        }
        else
        {
            throw new BuildsysException(MissingKernelMessage);
        }

        string? problem = Check(File.ReadAllBytes(kernel));
        if (problem is not null)
        {
            throw new BuildsysException($"kernel {kernel} ({origin}): {problem}; SmosSharp needs {Requirement}");
        }

        string? dtb = null;
        if (options.Dtb is not null)
        {
            dtb = Path.GetFullPath(options.Dtb);
            if (!File.Exists(dtb))
            {
                throw new BuildsysException($"--dtb {options.Dtb}: no such file");
            }
        }
        else if (!options.NoDtb)
        {
            dtb = Array.Find(dtbCandidates, File.Exists);
        }

        if (dtb is not null && !IsDtb(File.ReadAllBytes(dtb)))
        {
            throw new BuildsysException($"{dtb} is not a flattened device tree (no 0xd00dfeed magic)");
        }

        return new KernelSelection(kernel, dtb is null ? null : Path.GetFullPath(dtb), origin);
    }

    /// <summary>
    /// Null when <paramref name="image"/> is an ELF64 file for AArch64 (its header in <paramref name="header"/>), else why
    /// not: the kernel's check and the foreign root task's (<see cref="RootTaskImage.Problem"/>) both start here.
    /// </summary>
    public static string? AArch64ElfProblem(ReadOnlySpan<byte> image, out ElfHeader header)
    {
        ElfError error = Elf.Parse(image, out header);
        switch (error)
        {
            case ElfError.Ok:
                break;
            case ElfError.BadMagic or ElfError.TooSmall:
                return "not an ELF file";
            case ElfError.NotElf64:
                return "a 32-bit ELF file, not ELF64";
            default:
                return $"not a readable ELF64 file: {Elf.Describe(error)}";
        }

        if (header.Machine != Elf.EM_AARCH64)
        {
            string machine = header.Machine == Elf.EM_X86_64 ? "x86-64" : $"machine {header.Machine}";
            return $"an ELF file for {machine}, not AArch64";
        }

        return null;
    }

    /// <summary>Null when <paramref name="image"/> is an ELF64 AArch64 kernel entered at 0xffffff8040000000, else why not.</summary>
    public static string? Check(ReadOnlySpan<byte> image)
    {
        string? problem = AArch64ElfProblem(image, out ElfHeader header);
        if (problem is not null)
        {
            return problem;
        }

        if (header.Entry != ExpectedEntry)
        {
            return $"entry point 0x{header.Entry:x}, not 0x{ExpectedEntry:x} (not an seL4 kernel for qemu-arm-virt)";
        }

        return null;
    }

    /// <summary>True when <paramref name="blob"/> starts with the big-endian FDT magic.</summary>
    public static bool IsDtb(ReadOnlySpan<byte> blob)
    {
        return blob.Length >= 4 && ((uint)blob[0] << 24 | (uint)blob[1] << 16 | (uint)blob[2] << 8 | blob[3]) == DtbMagic;
    }
}
