// The release kernel (SEL4_RELEASE_PREFIX; docs/kernel.md): buildsys takes it and says so; a demo and the product boot on it when SMOS_RELEASE_BOOT=1.
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
    public void TheEchoDemoPassesOnTheReleaseKernel()
    {
        BuildsysRun run = Buildsys.Run("test", "--demo", "echo", "--kernel", BootKernels.KernelElf(BootKernel.Release), "--out", OutDir("release-echo"), "--timeout", "120");
        output.WriteLine(run.All);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("SMOS-DEMO echo: PASS", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("buildsys test: PASS", run.StdOut, StringComparison.Ordinal);
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
