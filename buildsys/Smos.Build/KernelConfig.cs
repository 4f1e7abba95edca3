// The installed kernel's build configuration (libsel4/include/kernel/gen_config.json) against what SmosSharp needs: one line per difference.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Smos.Build;

/// <summary>The two kinds of kernel SmosSharp runs on (docs/kernel.md), told apart by gen_config.json's DEBUG_BUILD.</summary>
internal enum KernelBuild
{
    /// <summary>KernelDebugBuild ON (and KernelPrinting ON): the kernel prints; debug calls exist.</summary>
    Debug,

    /// <summary>KernelDebugBuild OFF: no debug calls; with KernelPrinting OFF the kernel prints nothing at all.</summary>
    Release,
}

/// <summary>
/// SmosSharp is compiled against the ABI of one kernel configuration (docs/kernel.md): a kernel built otherwise
/// renumbers or reshapes parts of it and fails in obscure ways at boot. buildsys reads the configuration the kernel's
/// build installed beside it and refuses such a kernel before booting, with one line per differing option.
/// </summary>
internal static class KernelConfig
{
    /// <summary>What every SmosSharp kernel needs: gen_config.json key, the value, and the CMake setting that sets it.</summary>
    public static readonly IReadOnlyList<(string Key, string Needed, string Setting)> Common =
    [
        ("PLAT", "qemu-arm-virt", "KernelPlatform"),
        ("SEL4_ARCH", "aarch64", "KernelSel4Arch"),
        ("ARM_CORTEX_A53", "true", "ARM_CPU=cortex-a53"),
        ("KERNEL_MCS", "false", "KernelIsMCS"),
        ("MAX_NUM_NODES", "1", "KernelMaxNumNodes"),
        ("ARM_HYPERVISOR_SUPPORT", "false", "KernelArmHypervisorSupport"),
        ("ROOT_CNODE_SIZE_BITS", "12", "KernelRootCNodeSizeBits"),
        ("MAX_NUM_BOOTINFO_UNTYPED_CAPS", "230", "KernelMaxNumBootinfoUntypedCaps"),
        ("NUM_PRIORITIES", "256", "KernelNumPriorities"),
    ];

    /// <summary>The kernel prints (its own messages, seL4_DebugPutChar): needed by a debug kernel for run and by bench.</summary>
    public static readonly (string Key, string Needed, string Setting) Printing = ("PRINTING", "true", "KernelPrinting");

    /// <summary>The options written as constants into the generated ABI file (<see cref="AbiGenerator.ConfigConstants"/>).</summary>
    public static readonly IReadOnlyList<(string Key, string Needed, string Setting)> AbiConstants = [.. Common, Printing];

    /// <summary>
    /// Needed wherever SmosSharp runs (run, test, boot, bench): the timer server (services/timer) arms the EL1 physical
    /// timer (CNTP_CVAL_EL0, CNTP_CTL_EL0) from user level, and libsmos's Clock reads the physical counter (CNTPCT_EL0)
    /// without a request. seL4's caveat: with the timer exported any thread may write its registers, so the timer server
    /// re-reads the counter and re-arms on every request and interrupt and never trusts the registers (docs/kernel.md).
    /// </summary>
    public static readonly IReadOnlyList<(string Key, string Needed, string Setting)> ForTime =
        [("EXPORT_PCNT_USER", "true", "KernelArmExportPCNTUser"), ("EXPORT_PTMR_USER", "true", "KernelArmExportPTMRUser")];

    /// <summary>
    /// Also needed to run SmosSharp (run, test, boot) on either kind of kernel (<see cref="KernelBuild"/>): the timer
    /// (<see cref="ForTime"/>). A debug kernel must also print (<see cref="ForDebugRun"/>).
    /// </summary>
    public static readonly IReadOnlyList<(string Key, string Needed, string Setting)> ForRun = ForTime;

    /// <summary>Also needed to run SmosSharp on a debug kernel: it prints (the kernel's messages and seL4_DebugPutChar).</summary>
    public static readonly IReadOnlyList<(string Key, string Needed, string Setting)> ForDebugRun = [Printing];

    /// <summary>
    /// Also needed by `bench`: user-level reads of the PMU and the virtual counter, and the timer (<see cref="ForTime"/>). A
    /// debug kernel is not refused (the figures are valid, only ~40 % higher per system call): `bench` warns about it
    /// (docs/performance.md).
    /// </summary>
    public static readonly IReadOnlyList<(string Key, string Needed, string Setting)> ForBench =
        [("EXPORT_PMU_USER", "true", "KernelArmExportPMUUser"), ("EXPORT_VCNT_USER", "true", "KernelArmExportVCNTUser"), .. ForTime];

    /// <summary>What to require of a kernel for run, test and boot: <see cref="Common"/>, <see cref="ForRun"/>, and for a debug one <see cref="ForDebugRun"/>.</summary>
    public static IReadOnlyList<(string Key, string Needed, string Setting)> RunNeeds(KernelBuild? build) =>
        build == KernelBuild.Release ? [.. Common, .. ForRun] : [.. Common, .. ForRun, .. ForDebugRun];

    /// <summary>Debug or release, from gen_config.json's DEBUG_BUILD; null when the file does not say.</summary>
    public static KernelBuild? BuildOf(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("DEBUG_BUILD", out JsonElement v)
                ? v.ValueKind switch { JsonValueKind.True => KernelBuild.Debug, JsonValueKind.False => KernelBuild.Release, _ => null }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One line for the log: which kind of kernel <paramref name="json"/> describes, with its printing setting.</summary>
    public static string Describe(string json)
    {
        string printing = Differences(json, [Printing]).Count == 0 ? "ON" : "OFF";
        return BuildOf(json) switch
        {
            KernelBuild.Debug => $"debug (KernelDebugBuild ON, KernelPrinting {printing})",
            KernelBuild.Release => $"release (KernelDebugBuild OFF, KernelPrinting {printing}" + (printing == "ON" ? ")" : ": the kernel itself prints nothing)"),
            _ => "unknown (gen_config.json has no DEBUG_BUILD)",
        };
    }

    /// <summary>
    /// For run, test and boot: checks the kernel at <paramref name="kernelPath"/> (<see cref="RunNeeds"/>), logs which kind
    /// it is, and returns that kind (null when its configuration cannot be found: then only a warning, as <see cref="Require"/>).
    /// </summary>
    public static KernelBuild? RequireForRun(string kernelPath)
    {
        string? file = FindFile(kernelPath);
        string? json = file is null ? null : File.ReadAllText(file);
        KernelBuild? build = json is null ? null : BuildOf(json);
        Require(kernelPath, RunNeeds(build));
        if (json is not null)
        {
            Serilog.Log.Information("kernel build: {Kind}", Describe(json));
        }

        return build;
    }

    /// <summary>
    /// Why the self-test image (<c>test</c>, <c>boot</c>, <c>--demo</c>, <c>--selftest</c>) cannot run on a kernel of
    /// <paramref name="build"/>, or null when it can: its checks and several demos use seL4's debug calls
    /// (DebugCapIdentify), which a release kernel does not have, so its root task would fault at its first check.
    /// </summary>
    public static string? SelfTestRefusal(KernelBuild? build) => build == KernelBuild.Release
        ? "the self-test image (test, boot, --demo, --selftest) needs a debug kernel (KernelDebugBuild ON): its checks use " +
          "seL4's debug calls, which this release kernel does not have. Give a debug kernel (SEL4_PREFIX or --kernel), or " +
          "run the product image (run without --demo, or test --product)"
        : null;

    /// <summary>The gen_config.json of the install prefix of <paramref name="kernelPath"/> (prefix/bin/kernel.elf), or null.</summary>
    public static string? FindFile(string kernelPath)
    {
        string? bin = Path.GetDirectoryName(Path.GetFullPath(kernelPath));
        string? candidate = bin is null ? null : Path.GetFullPath(Path.Combine(bin, "..", "libsel4", "include", "kernel", "gen_config.json"));
        return candidate is not null && File.Exists(candidate) ? candidate : null;
    }

    /// <summary>One line per option of <paramref name="needs"/> whose value in <paramref name="json"/> differs (or is missing).</summary>
    public static List<string> Differences(string json, IEnumerable<(string Key, string Needed, string Setting)> needs)
    {
        var lines = new List<string>();
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            lines.Add($"kernel configuration: gen_config.json is not JSON ({e.Message})");
            return lines;
        }

        foreach ((string key, string needed, string setting) in needs)
        {
            string found = root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out JsonElement v) ? Text(v) : "missing";
            if (!string.Equals(found, needed, StringComparison.Ordinal))
            {
                lines.Add($"kernel configuration: {key} is {found}, SmosSharp needs {needed} (CMake {setting})");
            }
        }

        return lines;
    }

    /// <summary>
    /// Throws with every difference when the kernel at <paramref name="kernelPath"/> was built otherwise; logs a warning
    /// when its configuration cannot be found (a kernel.elf given without its install prefix).
    /// </summary>
    public static void Require(string kernelPath, IEnumerable<(string Key, string Needed, string Setting)> needs)
    {
        string? file = FindFile(kernelPath);
        if (file is null)
        {
            Serilog.Log.Warning("no libsel4/include/kernel/gen_config.json beside {Kernel}: its configuration cannot be checked (docs/kernel.md lists what SmosSharp needs)", kernelPath);
            return;
        }

        List<string> lines = Differences(File.ReadAllText(file), needs);
        if (lines.Count > 0)
        {
            throw new BuildsysException(
                $"the kernel at {kernelPath} is not built the way SmosSharp needs ({file}):{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", lines) + $"{Environment.NewLine}  rebuild it with the configuration of docs/kernel.md");
        }
    }

    private static string Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.String => v.GetString() ?? "",
        _ => v.GetRawText(),
    };
}
