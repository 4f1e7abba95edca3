// The kernel configuration check: one line per option that differs, the installed kernels where this machine has them.
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace Smos.Build.Tests;

public class KernelConfigTests
{
    private const string Good = """
        {"PLAT": "qemu-arm-virt", "SEL4_ARCH": "aarch64", "ARM_CORTEX_A53": true, "KERNEL_MCS": false, "MAX_NUM_NODES": "1",
         "ARM_HYPERVISOR_SUPPORT": false, "ROOT_CNODE_SIZE_BITS": "12", "MAX_NUM_BOOTINFO_UNTYPED_CAPS": "230",
         "NUM_PRIORITIES": "256", "PRINTING": true, "DEBUG_BUILD": true, "EXPORT_PCNT_USER": true, "EXPORT_PTMR_USER": true}
        """;

    private static readonly List<(string, string, string)> RunNeeds = [.. KernelConfig.RunNeeds(KernelBuild.Debug)];

    [Fact]
    public void TheSupportedConfigurationPasses() => Assert.Empty(KernelConfig.Differences(Good, RunNeeds));

    [Fact]
    public void EachDifferingOptionGetsOneLineWithNameFoundAndNeeded()
    {
        string mcsSmp = Good.Replace("\"KERNEL_MCS\": false", "\"KERNEL_MCS\": true", System.StringComparison.Ordinal)
            .Replace("\"MAX_NUM_NODES\": \"1\"", "\"MAX_NUM_NODES\": \"4\"", System.StringComparison.Ordinal);
        Assert.Equal(
            [
                "kernel configuration: KERNEL_MCS is true, SmosSharp needs false (CMake KernelIsMCS)",
                "kernel configuration: MAX_NUM_NODES is 4, SmosSharp needs 1 (CMake KernelMaxNumNodes)",
            ],
            KernelConfig.Differences(mcsSmp, RunNeeds));
    }

    [Fact]
    public void AReleaseKernelRunsWithOrWithoutPrintingAndADebugKernelMustPrint()
    {
        string release = Good.Replace("\"DEBUG_BUILD\": true", "\"DEBUG_BUILD\": false", System.StringComparison.Ordinal);
        string silent = release.Replace("\"PRINTING\": true", "\"PRINTING\": false", System.StringComparison.Ordinal);
        Assert.Equal(KernelBuild.Release, KernelConfig.BuildOf(silent));
        Assert.Equal(KernelBuild.Debug, KernelConfig.BuildOf(Good));
        Assert.Null(KernelConfig.BuildOf("{}"));
        Assert.Empty(KernelConfig.Differences(release, KernelConfig.RunNeeds(KernelBuild.Release)));
        Assert.Empty(KernelConfig.Differences(silent, KernelConfig.RunNeeds(KernelBuild.Release)));
        string debugSilent = Good.Replace("\"PRINTING\": true", "\"PRINTING\": false", System.StringComparison.Ordinal);
        Assert.Equal(["kernel configuration: PRINTING is false, SmosSharp needs true (CMake KernelPrinting)"],
            KernelConfig.Differences(debugSilent, KernelConfig.RunNeeds(KernelBuild.Debug)));

        // Without gen_config.json's DEBUG_BUILD, the debug kernel's needs apply.
        Assert.Equal(KernelConfig.RunNeeds(KernelBuild.Debug), KernelConfig.RunNeeds(null));
        Assert.Equal("debug (KernelDebugBuild ON, KernelPrinting ON)", KernelConfig.Describe(Good));
        Assert.Equal("release (KernelDebugBuild OFF, KernelPrinting ON)", KernelConfig.Describe(release));
        Assert.Equal("release (KernelDebugBuild OFF, KernelPrinting OFF: the kernel itself prints nothing)", KernelConfig.Describe(silent));
    }

    [Fact]
    public void AMissingOptionOrABrokenFileSaysSo()
    {
        Assert.Equal(["kernel configuration: PLAT is missing, SmosSharp needs qemu-arm-virt (CMake KernelPlatform)"],
            KernelConfig.Differences("{}", [KernelConfig.Common[0]]));
        Assert.StartsWith("kernel configuration: gen_config.json is not JSON", KernelConfig.Differences("{", RunNeeds).Single(), System.StringComparison.Ordinal);
    }

    /// <summary>The generated ABI file keeps its constants: the requirements moved, not the constants (Printing last).</summary>
    [Fact]
    public void TheAbiConstantsAreTheCommonOptionsThenPrinting()
    {
        Assert.Equal([.. KernelConfig.Common.Select(k => k.Key), "PRINTING"], KernelConfig.AbiConstants.Select(k => k.Key));
    }

    /// <summary>A kernel without the timer exports (the README's configuration before the timer server) cannot run SmosSharp.</summary>
    [Fact]
    public void AKernelWithoutTheTimerExportsIsRefusedForRunAndBench()
    {
        string noTimer = Good.Replace(", \"EXPORT_PCNT_USER\": true, \"EXPORT_PTMR_USER\": true", "", System.StringComparison.Ordinal);
        string[] expected =
        [
            "kernel configuration: EXPORT_PCNT_USER is missing, SmosSharp needs true (CMake KernelArmExportPCNTUser)",
            "kernel configuration: EXPORT_PTMR_USER is missing, SmosSharp needs true (CMake KernelArmExportPTMRUser)",
        ];
        Assert.Equal(expected, KernelConfig.Differences(noTimer, RunNeeds));
        Assert.Equal(expected, KernelConfig.Differences(noTimer, KernelConfig.ForTime));
        Assert.Equal(expected, KernelConfig.Differences(noTimer, KernelConfig.ForBench).Where(l => l.Contains("PCNT", System.StringComparison.Ordinal) || l.Contains("PTMR", System.StringComparison.Ordinal)));
        string ptmrOff = Good.Replace("\"EXPORT_PTMR_USER\": true", "\"EXPORT_PTMR_USER\": false", System.StringComparison.Ordinal);
        Assert.Equal(["kernel configuration: EXPORT_PTMR_USER is false, SmosSharp needs true (CMake KernelArmExportPTMRUser)"], KernelConfig.Differences(ptmrOff, RunNeeds));
    }

    /// <summary>The kernel without the timer exports installed on this machine (/opt/sel4/16.0.0-debug) is refused with both lines.</summary>
    [Fact]
    public void TheInstalledKernelWithoutTheTimerIsRefused()
    {
        string prefix = InstalledKernel.DebugNoTimerPrefix;
        if (!InstalledKernel.Installed(prefix))
        {
            return;
        }

        var e = Assert.Throws<BuildsysException>(() => KernelConfig.Require(Path.Combine(prefix, "bin", "kernel.elf"), RunNeeds));
        Assert.Contains("EXPORT_PCNT_USER is false, SmosSharp needs true (CMake KernelArmExportPCNTUser)", e.Message, System.StringComparison.Ordinal);
        Assert.Contains("EXPORT_PTMR_USER is false, SmosSharp needs true (CMake KernelArmExportPTMRUser)", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void RequireRefusesAMisconfiguredPrefixWithEveryLine()
    {
        using var dir = new TempDir();
        dir.Write("bin/kernel.elf", []);
        dir.Write("libsel4/include/kernel/gen_config.json", System.Text.Encoding.UTF8.GetBytes(Good.Replace("\"12\"", "\"16\"", System.StringComparison.Ordinal)));
        var e = Assert.Throws<BuildsysException>(() => KernelConfig.Require(Path.Combine(dir.Path, "bin", "kernel.elf"), RunNeeds));
        Assert.Contains("kernel configuration: ROOT_CNODE_SIZE_BITS is 16, SmosSharp needs 12", e.Message, System.StringComparison.Ordinal);
    }

    /// <summary>The README's debug kernel passes for run; it has neither the PMU nor the virtual counter export bench needs.</summary>
    [InstalledKernelFact(KernelKind.Debug)]
    public void TheInstalledDebugKernelPassesForRun()
    {
        string json = File.ReadAllText(KernelConfig.FindFile(Path.Combine(InstalledKernel.DebugPrefix, "bin", "kernel.elf"))!);
        Assert.Empty(KernelConfig.Differences(json, RunNeeds));
        Assert.Equal(2, KernelConfig.Differences(json, KernelConfig.ForBench).Count);
    }

    /// <summary>The README's bench kernel passes for bench, and for run as a release kernel that prints.</summary>
    [InstalledKernelFact(KernelKind.Bench)]
    public void TheInstalledBenchKernelPassesForBench()
    {
        string json = File.ReadAllText(KernelConfig.FindFile(Path.Combine(InstalledKernel.BenchPrefix, "bin", "kernel.elf"))!);
        Assert.Empty(KernelConfig.Differences(json, [.. KernelConfig.Common, KernelConfig.Printing, .. KernelConfig.ForBench]));
        Assert.Equal(KernelBuild.Release, KernelConfig.BuildOf(json));
        Assert.Empty(KernelConfig.Differences(json, KernelConfig.RunNeeds(KernelBuild.Release)));
    }

    /// <summary>The release kernel of docs/kernel.md (no printing, the timer exported) passes for run, and is told apart as release.</summary>
    [InstalledKernelFact(KernelKind.Release)]
    public void TheInstalledReleaseKernelPassesForRun()
    {
        string kernel = Path.Combine(InstalledKernel.ReleasePrefix, "bin", "kernel.elf");
        string json = File.ReadAllText(KernelConfig.FindFile(kernel)!);
        Assert.Equal(KernelBuild.Release, KernelConfig.BuildOf(json));
        Assert.Equal("release (KernelDebugBuild OFF, KernelPrinting OFF: the kernel itself prints nothing)", KernelConfig.Describe(json));
        Assert.Equal(KernelBuild.Release, KernelConfig.RequireForRun(kernel));
        Assert.NotEmpty(KernelConfig.Differences(json, RunNeeds)); // not as a debug kernel
    }

    [Fact]
    public void TheSelfTestImageIsRefusedOnAReleaseKernelWithWhatToDoInstead()
    {
        string? refusal = KernelConfig.SelfTestRefusal(KernelBuild.Release);
        Assert.NotNull(refusal);
        Assert.Contains("needs a debug kernel (KernelDebugBuild ON)", refusal, System.StringComparison.Ordinal);
        Assert.Contains("test --product", refusal, System.StringComparison.Ordinal);
        Assert.Null(KernelConfig.SelfTestRefusal(KernelBuild.Debug));
        Assert.Null(KernelConfig.SelfTestRefusal(null)); // a kernel.elf without its install prefix: not known, not refused
    }
}
