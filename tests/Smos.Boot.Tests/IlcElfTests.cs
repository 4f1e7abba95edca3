// ELF parsing and mapping plans on ELF files that ILC and the link really produced (no kernel needed).
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Smos.Formats;
using Smos.RootTask.Resources;
using Xunit;

namespace Smos.Boot.Tests;

/// <summary>Builds the root task and apps once (buildsys build) and compares our readers with GNU readelf.</summary>
public sealed class BuiltElfFixture
{
    public BuiltElfFixture()
    {
        OutDir = Path.Combine(Buildsys.RepoRoot, "out", "tests", "elf");
        Build = Buildsys.Run("build", "--out", OutDir);
    }

    public string OutDir { get; }

    public BuildsysRun Build { get; }
}

[Collection(BuildsysCollection.Name)]
public sealed partial class IlcElfTests : IClassFixture<BuiltElfFixture>
{
    private readonly BuiltElfFixture _built;

    public IlcElfTests(BuiltElfFixture built) { _built = built; }

    private string[] Elves()
    {
        Assert.True(_built.Build.ExitCode == 0, _built.Build.All);
        string[] apps = Directory.GetFiles(Path.Combine(_built.OutDir, "apps"), "*.elf");
        Assert.NotEmpty(apps);
        return [Path.Combine(_built.OutDir, "roottask.elf"), .. apps];
    }

    private static string ReadElf(string args, string file)
    {
        var psi = new ProcessStartInfo("readelf") { RedirectStandardOutput = true };
        foreach (string a in args.Split(' '))
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add(file);
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("readelf is missing: apt-get install binutils");
        string text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text;
    }

    [Fact]
    public void ProgramHeadersMatchReadelf()
    {
        foreach (string file in Elves())
        {
            byte[] image = File.ReadAllBytes(file);
            Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader header));
            var loads = LoadRegex().Matches(ReadElf("-l -W", file));
            var ours = Enumerable.Range(0, header.PhNum)
                .Select(i => { Elf.GetProgramHeader(image, header, i, out ProgramHeader ph); return ph; })
                .Where(ph => ph.Type == Elf.PT_LOAD).ToList();
            Assert.Equal(loads.Count, ours.Count);
            for (int i = 0; i < ours.Count; i++)
            {
                Assert.Equal(Convert.ToUInt64(loads[i].Groups[1].Value, 16), ours[i].Offset);
                Assert.Equal(Convert.ToUInt64(loads[i].Groups[2].Value, 16), ours[i].VAddr);
                Assert.Equal(Convert.ToUInt64(loads[i].Groups[3].Value, 16), ours[i].FileSize);
                Assert.Equal(Convert.ToUInt64(loads[i].Groups[4].Value, 16), ours[i].MemSize);
            }

            Assert.Matches(@"Entry point address:\s+0x" + header.Entry.ToString("x", System.Globalization.CultureInfo.InvariantCulture), ReadElf("-h", file));
        }
    }

    [Fact]
    public void SymbolsMatchReadelf()
    {
        foreach (string file in Elves())
        {
            byte[] image = File.ReadAllBytes(file);
            Elf.Parse(image, out ElfHeader header);
            string name = file.EndsWith("roottask.elf", StringComparison.Ordinal) ? "smos_main" : "smos_app_entry"; // every app's, app_start.S
            Match m = Regex.Match(ReadElf("-s -W", file), @"^\s*\d+: ([0-9a-f]+)\s+\d+\s+\w+\s+\w+\s+\w+\s+\S+\s+" + name + "$", RegexOptions.Multiline);
            Assert.True(m.Success, name + " not in readelf -s of " + file);
            Assert.Equal(ElfError.Ok, Elf.FindSymbolAddress(image, header, System.Text.Encoding.ASCII.GetBytes(name), out ulong value, out _));
            Assert.Equal(Convert.ToUInt64(m.Groups[1].Value, 16), value);
        }
    }

    /// <summary>
    /// Apps are linked with --gc-sections (kernel-glue/Smos.App.targets): what nothing refers to is left out, but the root
    /// task's null-reference entry (found by name) and ILC's unwind and EH tables (read through bounds symbols) must stay.
    /// </summary>
    [Fact]
    public void EveryAppKeepsTheNullReferenceEntryAndTheUnwindTables()
    {
        foreach (string file in Elves().Skip(1))
        {
            byte[] image = File.ReadAllBytes(file);
            Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader header));
            Assert.True(
                Elf.FindSymbolAddress(image, header, "smos_null_reference_fault"u8, out ulong entry, out _) == ElfError.Ok && entry != 0,
                "smos_null_reference_fault not in " + file);
            Assert.Equal(ElfError.Ok, Elf.FindSection(image, header, ".eh_frame"u8, out SectionHeader ehFrame));
            Assert.True(ehFrame.Size > 0, ".eh_frame is empty in " + file);
            Assert.Equal(ElfError.Ok, Elf.FindSection(image, header, ".dotnet_eh_table"u8, out SectionHeader ehTable));
            Assert.True(ehTable.Size > 0, ".dotnet_eh_table is empty in " + file);
        }
    }

    [Fact]
    public void MappingPlansOfRealAppsAreWxAndCoverEveryLoadedByte()
    {
        foreach (string file in Elves().Skip(1))
        {
            byte[] image = File.ReadAllBytes(file);
            Assert.Equal(ElfMapError.Ok, ElfMapPlan.Count(image, out int pages));
            Elf.Parse(image, out ElfHeader header);
            ulong covered = 0;
            for (int i = 0; i < pages; i++)
            {
                Assert.Equal(ElfMapError.Ok, ElfMapPlan.GetPage(image, i, out PlannedPage p));
                Assert.Equal(0UL, p.VAddr % 4096);
                Assert.False(p.Writable && p.Executable, file + ": a writable and executable page");
                Assert.Equal(p.Executable ? 1UL : 5UL, p.Attributes);
                covered += p.FileLength;
            }

            ulong fileBytes = Enumerable.Range(0, header.PhNum)
                .Select(i => { Elf.GetProgramHeader(image, header, i, out ProgramHeader ph); return ph; })
                .Where(ph => ph.Type == Elf.PT_LOAD).Aggregate(0UL, (sum, ph) => sum + ph.FileSize);
            Assert.Equal(fileBytes, covered);
        }
    }

    [GeneratedRegex(@"^\s*LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)", RegexOptions.Multiline)]
    private static partial Regex LoadRegex();
}
