// [BootFact]: a test that needs a real seL4 kernel; skipped with a plain reason when none is installed.
using System;
using System.IO;
using Xunit;

namespace Smos.Boot.Tests;

[AttributeUsage(AttributeTargets.Method)]
public sealed class BootFactAttribute : FactAttribute
{
    public BootFactAttribute()
    {
        if (InstalledKernel.Prefix is null)
        {
            Skip = "SKIPPED: no seL4 kernel found: set SEL4_PREFIX to an seL4 16.0.0 install (docs/kernel.md) to boot on the real kernel";
        }
    }
}

/// <summary>[BootTheory]: a theory that needs a real seL4 kernel; skipped with the same reason as <see cref="BootFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BootTheoryAttribute : TheoryAttribute
{
    public BootTheoryAttribute()
    {
        if (InstalledKernel.Prefix is null)
        {
            Skip = "SKIPPED: no seL4 kernel found: set SEL4_PREFIX to an seL4 16.0.0 install (docs/kernel.md) to boot on the real kernel";
        }
    }
}

/// <summary>Where the kernel is, as buildsys finds it (SEL4_PREFIX/bin/kernel.elf).</summary>
public static class InstalledKernel
{
    public static string? Prefix
    {
        get
        {
            string? prefix = Environment.GetEnvironmentVariable("SEL4_PREFIX");
            return !string.IsNullOrEmpty(prefix) && File.Exists(Path.Combine(prefix, "bin", "kernel.elf")) ? prefix : null;
        }
    }
}
