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

    private static readonly List<(string, string, string)> RunNeeds = [.. KernelConfig.Common, .. KernelConfig.ForRun];

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
    public void AReleaseKernelIsRefusedForRunAndAMissingOptionSaysSo()
    {
        string release = Good.Replace("\"DEBUG_BUILD\": true", "\"DEBUG_BUILD\": false", System.StringComparison.Ordinal);
        Assert.Equal(["kernel configuration: DEBUG_BUILD is false, SmosSharp needs true (CMake KernelDebugBuild)"], KernelConfig.Differences(release, RunNeeds));
        Assert.Empty(KernelConfig.Differences(release, KernelConfig.Common));
        Assert.Equal(["kernel configuration: PLAT is missing, SmosSharp needs qemu-arm-virt (CMake KernelPlatform)"],
            KernelConfig.Differences("{}", [KernelConfig.Common[0]]));
        Assert.StartsWith("kernel configuration: gen_config.json is not JSON", KernelConfig.Differences("{", RunNeeds).Single(), System.StringComparison.Ordinal);
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

    /// <summary>The README's bench kernel passes for bench; a release kernel cannot run the product.</summary>
    [InstalledKernelFact(KernelKind.Bench)]
    public void TheInstalledBenchKernelPassesForBench()
    {
        string json = File.ReadAllText(KernelConfig.FindFile(Path.Combine(InstalledKernel.BenchPrefix, "bin", "kernel.elf"))!);
        Assert.Empty(KernelConfig.Differences(json, [.. KernelConfig.Common, .. KernelConfig.ForBench]));
        Assert.NotEmpty(KernelConfig.Differences(json, RunNeeds));
    }
}
