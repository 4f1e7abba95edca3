// [InstalledKernelFact]: a test of a kernel installed on this machine; reported as skipped, with the prefix it looked at, when none is.
using System;
using System.IO;
using Xunit;

namespace Smos.Build.Tests;

/// <summary>Which installed kernel a test reads.</summary>
public enum KernelKind
{
    /// <summary>$SEL4_PREFIX when it holds libsel4's interface XML, else the README's debug kernel.</summary>
    Selected,

    /// <summary>The README's debug kernel (with the timer exports), /opt/sel4/16.0.0-debug-timer.</summary>
    Debug,

    /// <summary>The README's bench kernel (release, PMU, virtual counter and timer exported), /opt/sel4/16.0.0-bench-timer.</summary>
    Bench,

    /// <summary>The release kernel of docs/kernel.md (KernelPrinting OFF, timer exported), /opt/sel4/16.0.0-release-timer.</summary>
    Release,
}

/// <summary>Where the tests look for installed kernels (docs/kernel.md).</summary>
internal static class InstalledKernel
{
    public const string DebugPrefix = "/opt/sel4/16.0.0-debug-timer";
    public const string BenchPrefix = "/opt/sel4/16.0.0-bench-timer";
    public const string ReleasePrefix = "/opt/sel4/16.0.0-release-timer";

    /// <summary>A debug kernel built before the timer exports were needed, if this machine still has one: refused for run.</summary>
    public const string DebugNoTimerPrefix = "/opt/sel4/16.0.0-debug";

    /// <summary>The install prefix of <paramref name="kind"/>, whether or not a kernel is there.</summary>
    public static string Prefix(KernelKind kind)
    {
        if (kind is KernelKind.Bench or KernelKind.Release)
        {
            return kind == KernelKind.Bench ? BenchPrefix : ReleasePrefix;
        }

        string? selected = Environment.GetEnvironmentVariable("SEL4_PREFIX");
        return kind == KernelKind.Selected && !string.IsNullOrEmpty(selected) && Installed(selected) ? selected : DebugPrefix;
    }

    /// <summary>prefix/libsel4/include, where the interface XML, gen_config.json and the generated headers are.</summary>
    public static string Include(KernelKind kind) => Path.Combine(Prefix(kind), "libsel4", "include");

    public static bool Installed(string prefix) => Directory.Exists(Path.Combine(prefix, "libsel4", "include", "interfaces"));

    /// <summary>The C compiler on PATH (for its preprocessor), or null.</summary>
    public static string? Gcc()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "gcc");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>
/// A fact that reads an installed kernel: `dotnet test` counts it as skipped and prints why when the kernel (or, with
/// <see cref="NeedsPreprocessor"/>, gcc) is absent, so a machine without a kernel never passes these silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class InstalledKernelFactAttribute : FactAttribute
{
    private readonly KernelKind _kind;
    private bool _needsPreprocessor;

    public InstalledKernelFactAttribute(KernelKind kind)
    {
        _kind = kind;
        if (!InstalledKernel.Installed(InstalledKernel.Prefix(kind)))
        {
            Skip = $"SKIPPED: no seL4 kernel installed at {InstalledKernel.Prefix(kind)} (no libsel4/include/interfaces): install it (docs/kernel.md)" +
                (kind == KernelKind.Selected ? " or set SEL4_PREFIX" : "") + " to check against it";
        }
    }

    /// <summary>The test also runs the C preprocessor over the kernel's own headers.</summary>
    public bool NeedsPreprocessor
    {
        get => _needsPreprocessor;
        set
        {
            _needsPreprocessor = value;
            if (value && Skip is null && InstalledKernel.Gcc() is null)
            {
                Skip = $"SKIPPED: no gcc on PATH to preprocess the headers of {InstalledKernel.Prefix(_kind)} (./smos setup installs it)";
            }
        }
    }
}
