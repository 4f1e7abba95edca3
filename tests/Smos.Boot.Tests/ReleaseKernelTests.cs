// The release kernel (SEL4_RELEASE_PREFIX; docs/kernel.md): buildsys takes it and says so; the product boots on it (the self-test image needs a debug kernel).
using System;
using System.IO;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Boot.Tests;

/// <summary>A fact that needs the release kernel installed (SEL4_RELEASE_PREFIX) but boots nothing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReleaseKernelFactAttribute : FactAttribute
{
    public ReleaseKernelFactAttribute()
    {
        if (BootKernels.ReleasePrefix is null)
        {
            Skip = $"SKIPPED: no release kernel found: set {BootKernels.ReleasePrefixVariable} to the install prefix of the release kernel of docs/kernel.md";
        }
    }
}

[Collection(BuildsysCollection.Name)]
public sealed class ReleaseKernelTests(ITestOutputHelper output)
{
    private static string OutDir(string name) => Path.Combine(Buildsys.RepoRoot, "out", "tests", name);

    [ReleaseKernelFact]
    public void BuildsysTakesTheReleaseKernelAndSaysWhichKindItIs()
    {
        BuildsysRun run = Buildsys.Run("image", "--kernel", BootKernels.KernelElf(BootKernel.Release), "--out", OutDir("release-image"));
        output.WriteLine(run.All);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("kernel build: release (KernelDebugBuild OFF, KernelPrinting OFF: the kernel itself prints nothing)", run.StdErr, StringComparison.Ordinal);
    }

    [KernelBootFact(BootKernel.Debug)]
    public void BuildsysSaysTheDebugKernelIsOne()
    {
        BuildsysRun run = Buildsys.Run("image", "--out", OutDir("debug-image"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("kernel build: debug (KernelDebugBuild ON, KernelPrinting ON)", run.StdErr, StringComparison.Ordinal);
    }

    [KernelBootFact(BootKernel.Release)]
    public void TheProductImageRunsTheInitListOnTheReleaseKernel()
    {
        BuildsysRun run = Buildsys.Run("test", "--product", "--kernel", BootKernels.KernelElf(BootKernel.Release), "--out", OutDir("release-product"), "--timeout", "120");
        output.WriteLine(run.All);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("SMOS-INIT: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("FAULT", run.StdOut, StringComparison.Ordinal);
    }
}
