// The actions of build, image, run, test and archive: resolve repo, kernel and tools, then call the pipeline.
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Serilog;

namespace Smos.Build;

/// <summary>One method per command; each returns the process exit code or throws <see cref="BuildsysException"/>.</summary>
internal static class Commands
{
    public static int Build(ParseResult parse)
    {
        Repo repo = LocateRepo(parse);
        var clock = Stopwatch.StartNew();
        int apps = NewPipeline(parse, repo).Build(parse.GetValue(Cli.Defines) ?? []).Count;
        Log.Information("build done in {Seconds:0.0} s: {Elf} with {Apps} apps", clock.Elapsed.TotalSeconds, repo.ElfPath(Programs.RootTask), apps);
        return 0;
    }

    public static int Image(ParseResult parse)
    {
        (_, ImageSizes sizes) = BuildImage(parse);
        Console.Out.WriteLine("sizes:");
        foreach (string line in sizes.Lines())
        {
            Console.Out.WriteLine(line);
        }

        return 0;
    }

    public static int Run(ParseResult parse)
    {
        string qemu = Toolchain.Require(Toolchain.Qemu);
        string? image = RootTaskImage.BootImage(parse);
        string? rootTaskElf = null;
        string? kernelElf = null;
        string? disk = null;
        Repo? builtRepo = null;
        if (image is null)
        {
            (Repo repo, ImageSizes sizes) = BuildImage(parse, out KernelSelection kernel);
            builtRepo = repo;
            foreach (string line in sizes.Lines())
            {
                Log.Information("{Line}", line);
            }

            image = repo.ImagePath;
            disk = Disk.Prepare(repo, parse.GetValue(Cli.DiskSize), parse.GetValue(Cli.DiskReset));
            rootTaskElf = RootTaskImage.Given(parse) ?? repo.ElfPath(Programs.RootTask);
            kernelElf = kernel.KernelPath;
        }

        bool gdb = parse.GetValue(Cli.Gdb);
        int port = parse.GetValue(Cli.GdbPort);
        if (port is <= 0 or > 65535)
        {
            throw new BuildsysException($"--gdb-port {port}: not a TCP port (1-65535)");
        }

        if (gdb && Toolchain.FindOnPath(Toolchain.Gdb, Environment.GetEnvironmentVariable("PATH")) is null)
        {
            throw new BuildsysException("--gdb: gdb-multiarch is not installed (apt-get install gdb-multiarch, or ./smos setup)");
        }

        var info = new ProcessStartInfo(qemu) { UseShellExecute = false };
        foreach (string arg in Qemu.Interactive(image, gdb, parse.GetValue(Cli.El2), disk, port))
        {
            info.ArgumentList.Add(arg);
        }

        Log.Information("booting: {Command}", ProcessRunner.FormatCommand(qemu, info.ArgumentList));
        Log.Information("Ctrl-A X quits QEMU (Ctrl-A C switches to its monitor); the shell's poweroff ends it too ({Line})", SerialConversation.PowerOffLine);
        if (gdb)
        {
            string gdbCommand;
            if (builtRepo is not null && rootTaskElf == builtRepo.ElfPath(Programs.RootTask) && File.Exists(builtRepo.GdbSymbolsPath))
            {
                // Our own image: every program's symbols at its addresses, the helper, then attach (docs/debugging.md).
                File.WriteAllText(builtRepo.GdbAttachPath, GdbScript.Attach(builtRepo.GdbSymbolsPath, port));
                gdbCommand = ProcessRunner.FormatCommand(Toolchain.Gdb, ["-x", builtRepo.GdbAttachPath]);
            }
            else
            {
                gdbCommand = ProcessRunner.FormatCommand(Toolchain.Gdb, Qemu.GdbArgs(image, rootTaskElf, kernelElf, port));
            }

            Log.Information("QEMU waits for a debugger; in another terminal run:{NewLine}  {Gdb}", Environment.NewLine, gdbCommand);
        }

        return InteractiveRun.Run(qemu, info);
    }

    public static int Test(ParseResult parse)
    {
        Toolchain.Require(Toolchain.Qemu);
        int seconds = parse.GetValue(Cli.Timeout);
        if (seconds <= 0)
        {
            throw new BuildsysException($"--timeout {seconds}: must be a positive number of seconds");
        }

        bool product = parse.GetValue(Cli.Product);
        if (product && (parse.GetValue(Cli.SelfTest) || (parse.GetValue(Cli.Demo) ?? []).Length > 0))
        {
            throw new BuildsysException("--product boots the product image, which has no demos or self-checks: drop --selftest and --demo");
        }

        (Repo repo, ImageSizes sizes) = BuildImage(parse, selfTest: !product);
        string disk = Disk.Prepare(repo, parse.GetValue(Cli.DiskSize), parse.GetValue(Cli.DiskReset));
        return BootTest.Run(repo, sizes, TimeSpan.FromSeconds(seconds), parse.GetValue(Cli.El2), disk);
    }

    public static int Bench(ParseResult parse) => BenchCommand.Run(parse, LocateRepo(parse), (repo, selfTest) => selfTest ? NewPipeline(parse, repo, selfTest: true) : ProductPipeline(parse, repo));

    /// <summary>`abi`: regenerates (or with --check compares) the ABI numbers from the installed kernel's interface XML.</summary>
    public static int Abi(ParseResult parse)
    {
        Repo repo = LocateRepo(parse);
        string? prefix = parse.GetValue(Cli.Prefix);
        if (string.IsNullOrEmpty(prefix))
        {
            prefix = Environment.GetEnvironmentVariable(KernelLocator.PrefixVariable);
        }

        if (string.IsNullOrEmpty(prefix))
        {
            throw new BuildsysException($"abi: no kernel given: pass --prefix P or set {KernelLocator.PrefixVariable} to the install prefix of an seL4 16.0.0 kernel (docs/kernel.md)");
        }

        string include = Path.GetFullPath(Path.Combine(prefix, "libsel4", "include"));
        string generated = AbiGenerator.GenerateFrom(include);
        string target = repo.InRepo(AbiGenerator.OutputPath);
        if (parse.GetValue(Cli.Check))
        {
            List<string> differences = AbiGenerator.Differences(File.Exists(target) ? File.ReadAllText(target) : "", generated);
            if (differences.Count == 0)
            {
                Console.Out.WriteLine($"abi: {AbiGenerator.OutputPath} matches {include}");
                return 0;
            }

            Console.Out.WriteLine($"abi: {AbiGenerator.OutputPath} differs from {include} (run ./smos abi to regenerate it):");
            differences.ForEach(d => Console.Out.WriteLine($"  {d}"));
            return BuildsysException.TestFailure;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, generated);
        Log.Information("wrote {Path} from {Include}", repo.Show(target), include);
        return 0;
    }

    public static int ApiDocs(ParseResult parse)
    {
        Repo repo = LocateRepo(parse);
        var runner = new ProcessRunner(parse.GetValue(Cli.Verbose));
        string project = repo.InRepo("libsmos/Smos.Lib.csproj");
        string outDir = Path.Combine(repo.Out, "apidoc");
        runner.RunChecked("building libsmos", Toolchain.Require(Toolchain.Dotnet), ["build", project, "-c", "Release", "-o", outDir, "-nologo", "-v", "quiet"], repo.Root);
        string xml = Path.Combine(outDir, "Smos.Lib.xml");
        System.Xml.Linq.XDocument doc = System.Xml.Linq.XDocument.Load(xml);

        // With the protocol's types apps use through libsmos (RootError, ProcessAbi, ConnectionEvent, ...).
        System.Xml.Linq.XDocument protocol = System.Xml.Linq.XDocument.Load(Path.Combine(outDir, "Smos.Protocol.xml"));
        doc.Root!.Element("members")!.Add(protocol.Root!.Element("members")!.Elements("member"));
        string markdown = ApiDoc.ToMarkdown(doc, "libsmos API reference");
        string target = repo.InRepo("docs/api/libsmos.md");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, markdown);
        Log.Information("wrote {Path} from {Xml}", repo.Show(target), repo.Show(xml));
        return 0;
    }

    public static int Pack(ParseResult parse)
    {
        Repo repo = LocateRepo(parse);
        string feed = Path.GetFullPath(parse.GetValue(Cli.Feed) ?? Packaging.PackCommand.DefaultFeed(repo));
        var runner = new ProcessRunner(parse.GetValue(Cli.Verbose));
        new Packaging.PackCommand(repo, runner).Run(feed);
        Log.Information("pack: the feed is {Feed} (SmosSharp {Version}, seL4 {Sel4})", feed, Packaging.PackageVersions.SmosSharp, Packaging.PackageVersions.Sel4Release);
        return 0;
    }

    public static int ArchiveList(ParseResult parse) => ArchiveCommands.RunList(ImagePath(parse), parse.GetValue(Cli.AppsArchive));

    public static int ArchiveExtract(ParseResult parse) =>
        ArchiveCommands.RunExtract(ImagePath(parse), Path.GetFullPath(parse.GetValue(Cli.Output)!), parse.GetValue(Cli.AppsArchive));

    /// <summary>The define a root task built for a release kernel gets (no seL4_DebugNameThread, which only debug kernels have).</summary>
    public const string ReleaseKernelDefine = "SMOS_RELEASE_KERNEL";

    private static (Repo Repo, ImageSizes Sizes) BuildImage(ParseResult parse, bool selfTest = false) => BuildImage(parse, out _, selfTest);

    private static (Repo Repo, ImageSizes Sizes) BuildImage(ParseResult parse, out KernelSelection kernel, bool selfTest = false)
    {
        Repo repo = LocateRepo(parse);
        string? rootTask = RootTaskImage.Given(parse);
        var options = new KernelOptions(parse.GetValue(Cli.Kernel), parse.GetValue(Cli.Dtb), parse.GetValue(Cli.NoDtb));
        kernel = KernelLocator.Locate(options, Environment.GetEnvironmentVariable(KernelLocator.PrefixVariable));
        Log.Information("kernel: {Kernel} ({Origin}), dtb: {Dtb}", kernel.KernelPath, kernel.Origin, kernel.DtbPath ?? "none");
        string[] defines = parse.GetValue(Cli.Defines) ?? [];
        KernelBuild? build = rootTask is null ? KernelConfig.RequireForRun(kernel.KernelPath) : null;
        if (rootTask is null && WantsSelfTest(parse, selfTest) && KernelConfig.SelfTestRefusal(build) is string refusal)
        {
            throw new BuildsysException(refusal);
        }

        if (rootTask is null && build == KernelBuild.Release && !defines.Contains(ReleaseKernelDefine))
        {
            // The image holds its kernel: on a release kernel the root task makes no debug system call (thread names).
            defines = [.. defines, ReleaseKernelDefine];
            Log.Information("release kernel: the root task is built with {Define}", ReleaseKernelDefine);
        }
        else
        {
            KernelConfig.Require(kernel.KernelPath, RootTaskImage.KernelNeeds);
        }

        if (rootTask is not null)
        {
            RootTaskImage.RequireFit(rootTask, kernel);
        }

        var clock = Stopwatch.StartNew();
        ImageSizes sizes = rootTask is null
            ? NewPipeline(parse, repo, selfTest).Image(defines, kernel)
            : NewPipeline(parse, repo).ImageWithRootTask(kernel, rootTask);
        Log.Information("image done in {Seconds:0.0} s: {Image}", clock.Elapsed.TotalSeconds, repo.ImagePath);
        return (repo, sizes);
    }

    /// <summary>The pipeline for the product image, or the self-test image (<c>test</c>, <c>bench</c>, --selftest, --demo).</summary>
    private static Pipeline NewPipeline(ParseResult parse, Repo repo, bool selfTest = false)
    {
        var runner = new ProcessRunner(parse.GetValue(Cli.Verbose));
        return new Pipeline(repo, new Toolchain(repo, runner), runner)
        {
            DemoFilter = parse.GetValue(Cli.Demo) ?? [], SelfTest = WantsSelfTest(parse, selfTest), OptimizeApps = OptimizeApps(parse), Project = UserProjectOf(repo, runner),
        };
    }

    /// <summary>Whether the command builds the self-test image: <c>test</c>, <c>bench</c>, --selftest or --demo.</summary>
    private static bool WantsSelfTest(ParseResult parse, bool selfTest) =>
        selfTest || parse.GetValue(Cli.SelfTest) || (parse.GetValue(Cli.Demo) ?? []).Length > 0;

    /// <summary>The --configuration: Release optimises the apps, Debug does not (anything else is refused).</summary>
    public static bool OptimizeApps(ParseResult parse)
    {
        string? configuration = parse.CommandResult.Command.Options.Contains(Cli.Configuration) ? parse.GetValue(Cli.Configuration) : null;
        return configuration switch
        {
            null or "Release" => true,
            "Debug" => false,
            _ => throw new BuildsysException($"--configuration {configuration}: expected Release or Debug"),
        };
    }

    /// <summary>The pipeline for the product image whatever the options say (bench's key rows).</summary>
    private static Pipeline ProductPipeline(ParseResult parse, Repo repo)
    {
        var runner = new ProcessRunner(parse.GetValue(Cli.Verbose));
        return new Pipeline(repo, new Toolchain(repo, runner), runner) { DemoFilter = [], SelfTest = false };
    }

    private static string ImagePath(ParseResult parse)
    {
        string? image = parse.GetValue(Cli.Image);
        return image is not null ? Path.GetFullPath(image) : LocateRepo(parse).ImagePath;
    }

    private static Repo LocateRepo(ParseResult parse)
    {
        string? outDir = parse.CommandResult.Command.Options.Contains(Cli.OutDir) ? parse.GetValue(Cli.OutDir) : null;
        string? repoOption = parse.GetValue(Cli.RepoDir);
        string here = Environment.CurrentDirectory;
        if (repoOption is null && Repo.FindRoot(here) is null && Packaging.Kit.BesideTool(AppContext.BaseDirectory) is string kit)
        {
            // The smos tool outside the repository: the system from the kit it carries, the apps of this folder, out/ here.
            string root = Packaging.Kit.WritableCopy(kit, Packaging.Kit.CacheRoot());
            return new Repo(root, outDir ?? Path.Combine(here, "out")) { ProjectDir = here };
        }

        return Repo.Locate(repoOption, outDir, here, AppContext.BaseDirectory);
    }

    /// <summary>The user's folder's apps (the smos tool outside the repository), or null in the repository.</summary>
    private static Packaging.UserProject? UserProjectOf(Repo repo, ProcessRunner runner) => repo.ProjectDir is null
        ? null
        : Packaging.UserProject.Load(repo.ProjectDir, Programs.FindApps(repo).Select(a => a.Name).ToList(), runner);
}
