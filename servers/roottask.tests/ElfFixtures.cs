// Builds AArch64 test executables with GNU as/ld at test time, reads their program headers with readelf, finds repo files.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Xunit;

namespace Smos.RootTask.Tests;

/// <summary>One PT_LOAD line of `readelf -lW`.</summary>
public sealed record LoadSegment(ulong Offset, ulong VAddr, ulong FileSize, ulong MemSize, string Flags);

/// <summary>
/// A built test executable, its PT_LOAD segments per readelf, and the addresses of its `marker` symbol, its null-fault
/// entry and its stand-in for an exception's MethodTable.
/// </summary>
public sealed record BuiltElf(byte[] Image, IReadOnlyList<LoadSegment> Segments, ulong Marker, ulong NullEntry, ulong ExceptionType);

public static class ElfFixtures
{
    public const string Source = """
            .text
            .global _start
            .type _start, %function
        _start:
            adr x0, message
            b .
            .rept 1300
            nop
            .endr
            .global smos_null_reference_fault
        smos_null_reference_fault:
            brk #0
            .section .rodata
        message: .asciz "hello"
            .data
            .global marker
        marker: .quad 0x1122334455667788
            .fill 100, 1, 0xab
            .global _ZTV25Smos_Tests_ThingException
        _ZTV25Smos_Tests_ThingException: .quad 0
            .bss
            .global zeros
        zeros: .skip 10000

        """;

    /// <summary>Like kernel-glue/arch/aarch64/roottask.ld: code at 0x400000 (R-X), data and .bss on a later page (RW-).</summary>
    public const string LinkerScript = """
        ENTRY(_start)
        PHDRS
        {
            text PT_LOAD FLAGS(5);
            data PT_LOAD FLAGS(6);
        }
        SECTIONS
        {
            . = 0x400000;
            .text : { *(.text .text.*) } :text
            .rodata : { *(.rodata .rodata.*) } :text
            . = ALIGN(4096) + DATA_SHIFT;
            .data : { *(.data .data.*) } :data
            .bss : { *(.bss .bss.*) } :data
            /DISCARD/ : { *(.comment) *(.note*) }
        }

        """;

    private static readonly Dictionary<int, BuiltElf> s_built = new();

    /// <summary>The test executable with .data starting <paramref name="dataShift"/> bytes into its page (built once).</summary>
    public static BuiltElf Get(int dataShift)
    {
        lock (s_built)
        {
            if (!s_built.TryGetValue(dataShift, out BuiltElf? built))
            {
                built = Build(dataShift);
                s_built.Add(dataShift, built);
            }

            return built;
        }
    }

    private static BuiltElf Build(int dataShift)
    {
        string dir = Path.Combine(Path.GetTempPath(), "smos-roottask-tests-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + dataShift.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        try
        {
            string elf = Path.Combine(dir, "t.elf");
            File.WriteAllText(Path.Combine(dir, "t.s"), Source);
            File.WriteAllText(Path.Combine(dir, "t.ld"), LinkerScript.Replace("DATA_SHIFT", "0x" + dataShift.ToString("x", CultureInfo.InvariantCulture), StringComparison.Ordinal));
            Run("aarch64-linux-gnu-as", dir, "-o", "t.o", "t.s");
            Run("aarch64-linux-gnu-ld", dir, "-T", "t.ld", "-z", "max-page-size=4096", "-o", "t.elf", "t.o");
            return new BuiltElf(
                File.ReadAllBytes(elf), ReadLoadSegments(elf), Symbol(elf, "marker"), Symbol(elf, "smos_null_reference_fault"), Symbol(elf, "_ZTV25Smos_Tests_ThingException"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>PT_LOAD segments as `readelf -lW` prints them.</summary>
    public static List<LoadSegment> ReadLoadSegments(string elf)
    {
        var list = new List<LoadSegment>();
        foreach (string line in Run("readelf", Path.GetDirectoryName(elf)!, "-lW", elf).Split('\n'))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 8 && f[0] == "LOAD")
            {
                // LOAD Offset VirtAddr PhysAddr FileSiz MemSiz Flg... Align
                string flags = string.Join("", f[6..^1]);
                list.Add(new LoadSegment(Hex(f[1]), Hex(f[2]), Hex(f[4]), Hex(f[5]), flags));
            }
        }

        return list;
    }

    public static ulong Symbol(string elf, string name)
    {
        foreach (string line in Run("aarch64-linux-gnu-nm", Path.GetDirectoryName(elf)!, elf).Split('\n'))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 3 && f[2] == name)
            {
                return Hex(f[0]);
            }
        }

        Assert.Fail("symbol " + name + " not found in " + elf);
        return 0;
    }

    /// <summary>A file of the repository (found by walking up to SmosSharp.sln), or null.</summary>
    public static string? RepoFile(string relative)
    {
        for (string? dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "SmosSharp.sln")))
            {
                string path = Path.Combine(dir, relative);
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }

    private static ulong Hex(string s) => ulong.Parse(s.StartsWith("0x", StringComparison.Ordinal) ? s[2..] : s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Run(string tool, string workDir, params string[] args)
    {
        var info = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"'{tool}' is not installed. Install it with: apt-get install binutils-aarch64-linux-gnu binutils");
            throw;
        }

        using (process)
        {
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} failed: {stderr}");
            return stdout;
        }
    }
}

/// <summary>A fact that is skipped, saying why, when a repository file is absent.</summary>
public sealed class FactIfRepoFileAttribute : FactAttribute
{
    public FactIfRepoFileAttribute(string relativePath, string howToMake)
    {
        if (ElfFixtures.RepoFile(relativePath) == null)
        {
            Skip = relativePath + " is absent (" + howToMake + ")";
        }
    }
}
