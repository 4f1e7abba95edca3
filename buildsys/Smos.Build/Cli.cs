// The command-line surface: commands, options and arguments (System.CommandLine), wired to Commands.
using System.CommandLine;

namespace Smos.Build;

/// <summary>Builds the command tree. Options shared by several commands are single instances.</summary>
internal static class Cli
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show external commands and their output (otherwise shown only when a command fails)",
        Recursive = true,
    };

    public static readonly Option<string?> RepoDir = new("--repo")
    {
        Description = "The SmosSharp repository (default: found from the current directory, then from buildsys itself)",
        Recursive = true,
    };

    public static readonly Option<string[]> Demo = new("--demo")
    {
        Description = "Pack only this demo (apps/demos/<name>; repeatable) into the self-test image; default: every demo",
    };

    public static readonly Option<bool> SelfTest = new("--selftest")
    {
        Description = "Build the self-test root task (checks, demos, soak; what `test` boots) instead of the product; implied by --demo",
    };

    public static readonly Option<bool> Product = new("--product")
    {
        Description = "Boot the product image (apps/init only, no self-checks or demos) and check its SMOS-INIT line",
    };

    public static readonly Option<string[]> Defines = new("--define")
    {
        Description = "A preprocessor symbol for the bare-metal programs (repeatable; passed as SmosDefines)",
        DefaultValueFactory = _ => [],
    };

    public static readonly Option<string?> OutDir = new("--out")
    {
        Description = "Output directory (default: <repo>/out)",
    };

    public static readonly Option<string?> Kernel = new("--kernel")
    {
        Description = "The seL4 kernel.elf to boot (default: $SEL4_PREFIX/bin/kernel.elf)",
    };

    public static readonly Option<string?> Dtb = new("--dtb")
    {
        Description = "The device tree blob to pass to the kernel (default: kernel.dtb beside the kernel or in its prefix)",
    };

    public static readonly Option<bool> NoDtb = new("--no-dtb")
    {
        Description = "Pass no device tree to the kernel",
    };

    public static readonly Option<bool> Gdb = new("--gdb")
    {
        Description = $"Start QEMU halted with a GDB server (--gdb-port, default {Qemu.GdbPort}), write out/{GdbScript.AttachFileName} (every program's symbols, then attach) and print the gdb-multiarch command",
    };

    public static readonly Option<int> GdbPort = new("--gdb-port")
    {
        Description = $"The TCP port of QEMU's GDB server with --gdb (default {Qemu.GdbPort})",
        DefaultValueFactory = _ => Qemu.GdbPort,
        HelpName = "PORT",
    };

    public static readonly Option<string> Configuration = new("--configuration", "-c")
    {
        Description = "Release (default: optimised apps, with line tables) or Debug (apps without optimisation: gdb shows their locals and stops on each line; docs/debugging.md)",
        DefaultValueFactory = _ => "Release",
        HelpName = "Release|Debug",
    };

    public static readonly Option<bool> El2 = new("--el2")
    {
        Description = "Start the CPU at EL2 (QEMU virtualization=on): the loader drops to EL1 before the kernel",
    };

    public static readonly Option<int> Timeout = new("--timeout")
    {
        // The self-test's soak demo (10,000 spawn/exit rounds) alone takes about 80 s under QEMU TCG.
        Description = "Seconds to wait for SMOS-DONE before failing",
        DefaultValueFactory = _ => 300,
    };

    public static readonly Option<int> DiskSize = new("--disk-size")
    {
        Description = $"Size in MiB of out/disk.img, the virtio disk, when it is made (first use, or with --disk-reset)",
        DefaultValueFactory = _ => Disk.DefaultMiB,
        HelpName = "MIB",
    };

    public static readonly Option<bool> DiskReset = new("--disk-reset")
    {
        Description = "Make out/disk.img again, empty, before booting (it is otherwise kept between runs)",
    };

    public static readonly Argument<string?> Image = new("image")
    {
        Description = "The image to read (default: <repo>/out/smos-image.elf)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static readonly Option<string> Output = new("--output", "-o")
    {
        Description = "The file to write the CPIO archive to",
        Required = true,
    };

    public static readonly Option<bool> AppsArchive = new("--apps")
    {
        Description = "The apps archive (.smos_apps: every app and apps/init) of the root task inside IMAGE, or of IMAGE if it is a root task",
    };

    public static readonly Option<bool> Check = new("--check")
    {
        Description = "Compare the generated file with the committed one instead of writing it (exit 1 on a difference)",
    };

    public static readonly Option<string?> Prefix = new("--prefix")
    {
        Description = $"Install prefix of the seL4 kernel whose libsel4/include to read (default: ${KernelLocator.PrefixVariable})",
        HelpName = "P",
    };

    public static readonly Option<string?> Feed = new("--output", "-o")
    {
        Description = "The folder to write the packages to, a local NuGet feed (default: <repo>/out/packages)",
        HelpName = "DIR",
    };

    public static RootCommand Create()
    {
        var root = new RootCommand("smos (buildsys): builds, packs, boots and tests SmosSharp (seL4, AArch64, QEMU virt)");
        root.Options.Add(Verbose);
        root.Options.Add(RepoDir);

        var build = new Command("build", "Compile every app (out/apps), the apps archive, the root task with it inside, and the loader up to its final link");
        AddBuildOptions(build);
        build.SetAction(Commands.Build);

        var image = new Command("image", "build, then pack kernel, DTB and root task into the boot archive and link out/smos-image.elf");
        AddBuildOptions(image);
        AddKernelOptions(image);
        image.SetAction(Commands.Image);

        var run = new Command("run", "image, then boot it in QEMU on this terminal (Ctrl-A X quits QEMU); --selftest boots the test image");
        AddBuildOptions(run);
        AddKernelOptions(run);
        run.Options.Add(Gdb);
        run.Options.Add(GdbPort);
        run.Options.Add(El2);
        run.Options.Add(DiskSize);
        run.Options.Add(DiskReset);
        run.SetAction(Commands.Run);
        RootTaskImage.AddOptions(image, run);

        var test = new Command("test", "image of the self-test root task, then boot it headless and check the SMOS-<NAME>: PASS/FAIL lines up to SMOS-DONE (exit 0 = pass, 1 = fail)");
        AddBuildOptions(test);
        AddKernelOptions(test);
        test.Options.Add(Timeout);
        test.Options.Add(Product);
        test.Options.Add(El2);
        test.Options.Add(DiskSize);
        test.Options.Add(DiskReset);
        test.SetAction(Commands.Test);

        var list = new Command("list", "List the members of the boot archive (or with --apps the apps archive) inside an image");
        list.Arguments.Add(Image);
        list.Options.Add(AppsArchive);
        list.SetAction(Commands.ArchiveList);
        var extract = new Command("extract", "Write the boot archive (or with --apps the apps archive) inside an image to a file (then: cpio -t < FILE)");
        extract.Arguments.Add(Image);
        extract.Options.Add(Output);
        extract.Options.Add(AppsArchive);
        extract.SetAction(Commands.ArchiveExtract);
        var archive = new Command("archive", "Inspect the CPIO archives of a built image: the boot archive (.smos_archive) and the apps archive (.smos_apps)");
        archive.Subcommands.Add(list);
        archive.Subcommands.Add(extract);

        root.Subcommands.Add(build);
        root.Subcommands.Add(image);
        root.Subcommands.Add(run);
        root.Subcommands.Add(test);
        root.Subcommands.Add(archive);

        Command bench = BenchCommand.Create();
        AddBuildOptions(bench);
        AddKernelOptions(bench);
        root.Subcommands.Add(bench);

        var abi = new Command("abi", $"Generate {AbiGenerator.OutputPath} (invocation labels, system-call numbers) from the installed kernel's libsel4/include");
        abi.Options.Add(Prefix);
        abi.Options.Add(Check);
        abi.SetAction(Commands.Abi);
        root.Subcommands.Add(abi);

        var apidoc = new Command("apidoc", "Build libsmos and regenerate docs/api/libsmos.md from its and the protocol's XML documentation comments");
        apidoc.SetAction(Commands.ApiDocs);
        root.Subcommands.Add(apidoc);

        var pack = new Command("pack", "Build SmosSharp's NuGet packages into a local feed: SmosSharp.Sdk (the app SDK), SmosSharp.Templates and SmosSharp.Tool (the smos command; docs/sdk.md)");
        pack.Options.Add(Feed);
        pack.Options.Add(OutDir);
        pack.SetAction(Commands.Pack);
        root.Subcommands.Add(pack);
        return root;
    }

    private static void AddBuildOptions(Command command)
    {
        command.Options.Add(Defines);
        command.Options.Add(Demo);
        command.Options.Add(SelfTest);
        command.Options.Add(OutDir);
        command.Options.Add(Configuration);
    }

    private static void AddKernelOptions(Command command)
    {
        command.Options.Add(Kernel);
        command.Options.Add(Dtb);
        command.Options.Add(NoDtb);
    }
}
