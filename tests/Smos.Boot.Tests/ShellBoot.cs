// Interactive boots of the product image (what `./smos run` boots) for the shell tests: the image, QEMU with serial input, the conversation, the skip rules.
using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Smos.Build;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Boot.Tests;

/// <summary>Which installed kernel a boot test boots.</summary>
public enum BootKernel
{
    /// <summary>SEL4_PREFIX: the debug kernel (docs/kernel.md).</summary>
    Debug,

    /// <summary>SEL4_RELEASE_PREFIX: the release kernel (docs/kernel.md), booted whenever it is set.</summary>
    Release,
}

/// <summary>The kernels the boot tests find, and why a test is skipped (null: it runs).</summary>
public static class BootKernels
{
    public const string ReleasePrefixVariable = "SEL4_RELEASE_PREFIX";

    public static string? ReleasePrefix
    {
        get
        {
            string? prefix = Environment.GetEnvironmentVariable(ReleasePrefixVariable);
            return !string.IsNullOrEmpty(prefix) && File.Exists(Path.Combine(prefix, "bin", "kernel.elf")) ? prefix : null;
        }
    }

    /// <summary>The kernel.elf of <paramref name="kernel"/> (when <see cref="SkipReason"/> is null).</summary>
    public static string KernelElf(BootKernel kernel) =>
        Path.Combine((kernel == BootKernel.Debug ? InstalledKernel.Prefix : ReleasePrefix)!, "bin", "kernel.elf");

    public static string? SkipReason(BootKernel kernel)
    {
        if (kernel == BootKernel.Debug)
        {
            return InstalledKernel.Prefix is null
                ? "SKIPPED: no seL4 kernel found: set SEL4_PREFIX to an seL4 16.0.0 install (docs/kernel.md) to boot on the real kernel"
                : null;
        }

        if (ReleasePrefix is null)
        {
            return $"SKIPPED: no release kernel found: set {ReleasePrefixVariable} to the install prefix of the release kernel of docs/kernel.md to boot on it";
        }

        return null;
    }

    /// <summary>Null when apps/init starts the shell smosh, else why the shell tests are skipped.</summary>
    public static string? NoShellReason()
    {
        string init = Path.Combine(Buildsys.RepoRoot, "apps", "init");
        bool hasShell = File.Exists(init) && InitList.Parse(File.ReadAllText(init), init).Any(e => e.Name == ShellBoot.ShellApp);
        return hasShell ? null : $"SKIPPED: the product image has no shell: apps/init starts no {ShellBoot.ShellApp} (issue 16)";
    }
}

/// <summary>A fact booted on <see cref="BootKernel.Debug"/> or <see cref="BootKernel.Release"/>; skipped with a plain reason when that kernel is not there or not enabled.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KernelBootFactAttribute : FactAttribute
{
    public KernelBootFactAttribute(BootKernel kernel) => Skip = BootKernels.SkipReason(kernel);
}

/// <summary>A shell test: needs the kernel and a product image whose init list starts the shell.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ShellFactAttribute : FactAttribute
{
    public ShellFactAttribute(BootKernel kernel = BootKernel.Debug) => Skip = BootKernels.SkipReason(kernel) ?? BootKernels.NoShellReason();
}

/// <summary>One boot of the product image with a conversation on its serial line; disposing it stops QEMU and logs all it printed.</summary>
public sealed class ShellBoot : IDisposable
{
    public const string ShellApp = "smosh";
    public const string Prompt = "smos> ";

    /// <summary>Boot to the first prompt: the loader, the kernel, the root task and the init list (a few seconds under TCG).</summary>
    public const double BootSeconds = 120;

    private static readonly ConcurrentDictionary<BootKernel, Lazy<string>> Images = new();

    private readonly QemuSession _session;
    private readonly string _disk;
    private readonly bool _ownDisk;
    private readonly ITestOutputHelper _output;
    private readonly StringBuilder _log = new();

    private ShellBoot(BootKernel kernel, ITestOutputHelper output, string? disk)
    {
        _output = output;
        string image = Images.GetOrAdd(kernel, k => new Lazy<string>(() => BuildImage(k))).Value;
        // A disk of its own for the block driver (boots may run side by side, and QEMU locks its image file), unless the
        // caller keeps one across boots (it makes and deletes it: NewDisk).
        _ownDisk = disk is null;
        _disk = disk ?? NewDisk();

        _session = QemuSession.Start(Toolchain.Require(Toolchain.Qemu), Qemu.Headless(image, disk: _disk), input: true);
        Shell = new SerialConversation(_session) { Prompt = Prompt, Echo = text => { lock (_log) { _log.Append(text); } } };
    }

    internal SerialConversation Shell { get; }

    /// <summary>Boots the product image on <paramref name="kernel"/>; the first step is the caller's.</summary>
    public static ShellBoot Start(BootKernel kernel, ITestOutputHelper output) => new(kernel, output, null);

    /// <summary>A new disk image of zeros (sparse, 16 MiB unless asked) in the temporary folder: for boots that share one disk.</summary>
    public static string NewDisk(int sizeMiB = 16)
    {
        string path = Path.Combine(Path.GetTempPath(), $"smos-shell-{Guid.NewGuid():N}.img");
        using var file = new FileStream(path, FileMode.CreateNew);
        file.SetLength((long)sizeMiB << 20);
        return path;
    }

    /// <summary>
    /// Boots the product image on <paramref name="kernel"/> and waits for the first prompt; with <paramref name="disk"/>
    /// (from <see cref="NewDisk"/>) QEMU uses that disk and leaves it in place at Dispose.
    /// </summary>
    public static ShellBoot ToPrompt(BootKernel kernel, ITestOutputHelper output, string? disk = null)
    {
        var boot = new ShellBoot(kernel, output, disk);
        try
        {
            boot.Shell.ExpectPrompt(TimeSpan.FromSeconds(BootSeconds));
            boot.AwaitFileServer();
            return boot;
        }
        catch
        {
            boot.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The file server's last line at start (its volume mounted and checked, or not checked, or not mounted, or no
    /// publication); it prints nothing more unless it is restarted.
    /// </summary>
    public const string FilesReadyLine = @"files: (/data (not )?checked at mount|/data is not mounted|cannot publish)";

    /// <summary>How long the file server may take to be ready after the prompt (it formats a blank disk first).</summary>
    public static readonly TimeSpan FilesReadyTime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// When the init list starts the file server: waits for its <see cref="FilesReadyLine"/> (it mounts, and formats a
    /// blank disk, while the prompt may be there already, and its lines would cut the echo of a line typed meanwhile),
    /// then types an empty line so that the next step starts at a prompt of its own.
    /// </summary>
    public void AwaitFileServer()
    {
        string init = Path.Combine(Buildsys.RepoRoot, "apps", "init");
        if (!InitList.Parse(File.ReadAllText(init), init).Any(e => e.Name == "files"))
        {
            return;
        }

        if (!Regex.IsMatch(Shell.Transcript, FilesReadyLine))
        {
            Shell.ExpectLine(FilesReadyLine, FilesReadyTime, beforePrompt: false);
        }

        Shell.SendLine("");
        Shell.ExpectPrompt(TimeSpan.FromSeconds(20));
    }

    /// <summary>Kills QEMU at once (as a power cut: nothing in the guest is told) and waits until it has exited.</summary>
    public void PowerCut() => _session.Stop();

    public void Dispose()
    {
        _session.Dispose();
        if (_ownDisk)
        {
            File.Delete(_disk);
        }

        lock (_log)
        {
            _output.WriteLine(_log.ToString());
        }
    }

    /// <summary>`buildsys image` of the product (as `./smos run` builds it) with <paramref name="kernel"/>, in a folder of its own.</summary>
    private static string BuildImage(BootKernel kernel)
    {
        string outDir = Path.Combine(Buildsys.RepoRoot, "out", "tests", kernel == BootKernel.Debug ? "shell" : "shell-release");
        BuildsysRun run = Buildsys.Run("image", "--out", outDir, "--kernel", BootKernels.KernelElf(kernel));
        Assert.True(run.ExitCode == 0, "buildsys image failed:\n" + run.All);
        return Path.Combine(outDir, "smos-image.elf");
    }
}
