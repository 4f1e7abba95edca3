// The kernel side of `buildsys bench`: which kernel, whether it exports the PMU and the virtual counter to user
// level, and what a trapped counter access in the guest means.
using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smos.Build;

/// <summary>What the installed kernel's build configuration says (libsel4/include/kernel/gen_config.json), if found.</summary>
internal sealed record BenchKernelConfig(string Path, bool? ExportPmuUser, bool? ExportVcntUser, bool? DebugBuild)
{
    /// <summary>The environment variable naming the benchmark kernel's install prefix (no default prefix exists).</summary>
    public const string PrefixVariable = "SEL4_BENCH_PREFIX";

    public const string Requirement =
        "a release seL4 16.0.0 kernel (KernelDebugBuild OFF, KernelPrinting ON) with KernelArmExportPMUUser ON and KernelArmExportVCNTUser ON";

    public static string MissingKernelMessage =>
        $"no benchmark kernel given: set {PrefixVariable} to the install prefix of {Requirement} (with bin/kernel.elf), or pass --kernel PATH/kernel.elf; see docs/performance.md";

    /// <summary>gen_config.json beside an install prefix of <paramref name="kernelPath"/> (prefix/bin/kernel.elf), or null.</summary>
    public static BenchKernelConfig? Find(string kernelPath)
    {
        string? bin = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(kernelPath));
        if (bin is null)
        {
            return null;
        }

        string candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(bin, "..", "libsel4", "include", "kernel", "gen_config.json"));
        return File.Exists(candidate) ? Parse(candidate, File.ReadAllText(candidate)) : null;
    }

    /// <summary>Reads the three settings from gen_config.json text (absent or unreadable settings are null).</summary>
    public static BenchKernelConfig Parse(string path, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return new BenchKernelConfig(path, Flag(doc.RootElement, "EXPORT_PMU_USER"), Flag(doc.RootElement, "EXPORT_VCNT_USER"), Flag(doc.RootElement, "DEBUG_BUILD"));
        }
        catch (JsonException)
        {
            return new BenchKernelConfig(path, null, null, null);
        }
    }

    private static bool? Flag(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out JsonElement e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? e.GetBoolean()
            : null;
}

/// <summary>Explains the kernel's report of a fault in the benchmark root task.</summary>
internal static partial class BenchFaults
{
    /// <summary>Exception class of a trapped MSR/MRS/system instruction (ESR_ELx.EC).</summary>
    public const uint TrappedSystemRegister = 0x18;

    /// <summary>
    /// For a kernel line carrying "user exception 0x&lt;ESR&gt;": the one-line explanation when it is a trapped access to a
    /// PMU register or CNTVCT_EL0 (EC 0x18), else null.
    /// </summary>
    public static string? Explain(string line)
    {
        Match m = UserExceptionRegex().Match(line);
        if (!m.Success || !ulong.TryParse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong esr))
        {
            return null;
        }

        uint ec = (uint)(esr >> 26) & 0x3F;
        if (ec != TrappedSystemRegister)
        {
            return null;
        }

        // ISS of EC 0x18: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], direction [0].
        uint iss = (uint)esr & 0x1FFFFFF;
        uint op0 = (iss >> 20) & 3;
        uint op2 = (iss >> 17) & 7;
        uint op1 = (iss >> 14) & 7;
        uint crn = (iss >> 10) & 0xF;
        uint crm = (iss >> 1) & 0xF;
        string register = $"S{op0}_{op1}_C{crn}_C{crm}_{op2}";
        if (op0 == 3 && op1 == 3 && crn == 14 && crm <= 3)
        {
            string name = crm == 0 && op2 == 2 ? "CNTVCT_EL0" : register;
            return $"the kernel does not let user level read the generic timer ({name} trapped, EC 0x18): build it with KernelArmExportVCNTUser=ON";
        }

        if (op0 == 3 && op1 == 3 && (crn == 9 || crn == 14))
        {
            return $"the kernel does not export the PMU to user level ({register} trapped, EC 0x18): build it with KernelArmExportPMUUser=ON";
        }

        return $"a system register access trapped at user level ({register}, EC 0x18)";
    }

    [GeneratedRegex(@"user exception (?:0x)?([0-9a-fA-F]+)")]
    private static partial Regex UserExceptionRegex();
}
