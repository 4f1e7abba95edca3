// The file server on seL4 across boots: files outlive the boot that wrote them, and a power cut mid-write loses no whole write.
using System;
using System.IO;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Boot.Tests;

/// <summary>
/// Issue 17's boot tests of the file server (services/files): a second boot on the same disk reads what the first wrote,
/// and QEMU killed while an app writes a file (a power cut: nothing in the guest is told) leaves a volume that mounts
/// consistent with the file holding whole writes only.
/// </summary>
[Collection(BuildsysCollection.Name)] // one buildsys at a time: builds share the projects' obj folders
public sealed class FileTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(60);

    [BootFact]
    public void FilesOutliveTheBootThatWroteThem()
    {
        // Boot 1 on a new disk: the file server formats it; the files demo's warm-up and judged runs count boots 1 and 2.
        string outDir = BootTests.OutDir("files");
        BuildsysRun first = Buildsys.Run("test", "--demo", "files", "--out", outDir, "--disk-reset", "--disk-size", "16", "--timeout", "240");
        output.WriteLine(first.All);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("files: formatted the blank disk as FAT32 \"SMOSDATA\" (16 MiB)", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("fscheck: boot 2 on this disk (/data/fscheck/boots.txt had 1 lines)", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-DEMO files: PASS", first.StdOut, StringComparison.Ordinal);

        // Boot 2 on the same disk: mounted (not formatted), consistent, and the boot count goes on from the first boot's.
        BuildsysRun second = Buildsys.Run("test", "--demo", "files", "--out", outDir, "--timeout", "240");
        output.WriteLine(second.All);
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("files: formatted", second.StdOut, StringComparison.Ordinal);
        Assert.Contains("files: /data checked at mount: consistent", second.StdOut, StringComparison.Ordinal);
        Assert.Contains("fscheck: boot 3 on this disk (/data/fscheck/boots.txt had 2 lines)", second.StdOut, StringComparison.Ordinal);
        Assert.Contains("SMOS-DEMO files: PASS", second.StdOut, StringComparison.Ordinal);
    }

    [ShellFact]
    public void APowerCutInTheMiddleOfAWriteLeavesWholeWritesOnly()
    {
        string disk = ShellBoot.NewDisk();
        try
        {
            // Two cuts at different points of two files, then a boot that checks both.
            CutWhileWriting(disk, "/data/cut1.bin", 64);
            CutWhileWriting(disk, "/data/cut2.bin", 192);
            using ShellBoot check = ShellBoot.ToPrompt(BootKernel.Debug, output, disk);
            foreach (string file in new[] { "/data/cut1.bin", "/data/cut2.bin" })
            {
                check.Shell.SendLine($"fscheck verify {file}");
                check.Shell.ExpectLine($@"^fscheck\[\d+\]: fscheck verify: {file} holds \d+ bytes: \d+ chunks, 0 wrong: PASS$", Answer);
                check.Shell.ExpectPrompt(Answer);
            }

            Assert.Contains("files: /data checked at mount: consistent", check.Shell.Transcript, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(disk);
        }
    }

    [ShellFact]
    public void ADiskWithAnotherFileSystemIsRefusedAtMountWithTheReasonAndTheSystemKeepsServing()
    {
        string disk = ShellBoot.NewDisk();
        try
        {
            // Sector 0 of an NTFS volume (its OEM name, the boot signature, nothing FAT32 needs).
            byte[] boot0 = new byte[512];
            boot0[0] = 0xEB;
            boot0[1] = 0x52;
            boot0[2] = 0x90;
            "NTFS    "u8.CopyTo(boot0.AsSpan(3));
            boot0[510] = 0x55;
            boot0[511] = 0xAA;
            using (var f = new FileStream(disk, FileMode.Open, FileAccess.Write))
            {
                f.Write(boot0);
            }

            using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Debug, output, disk);
            boot.Shell.SendLine("fscheck verify /data/x.bin");
            boot.Shell.ExpectLine(@"^fscheck\[\d+\]: fscheck verify: open '/data/x.bin': the volume is not mounted", Answer);
            boot.Shell.ExpectPrompt(Answer);
            Assert.Contains("files: /data is not mounted: ", boot.Shell.Transcript, StringComparison.Ordinal);
            Assert.DoesNotContain("FAULT", boot.Shell.Transcript, StringComparison.Ordinal);

            // The rest of the system serves: an app runs, and the disk was not written (nothing formatted it).
            boot.Shell.SendLine("run hello");
            boot.Shell.ExpectLine(ShellTests.HelloLine, Answer);
            boot.Shell.ExpectPrompt(Answer);
        }
        finally
        {
            byte[] after = new byte[512];
            using (var f = new FileStream(disk, FileMode.Open, FileAccess.Read))
            {
                f.ReadExactly(after);
            }

            File.Delete(disk);
            Assert.Equal((byte)'N', after[3]);
        }
    }

    [ShellFact]
    public void AFullDiskRefusesTheWriteThatDoesNotFitAndLosesNothing()
    {
        string disk = ShellBoot.NewDisk(sizeMiB: 3); // a volume of about 1 MiB after the 1 MiB journal
        try
        {
            using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Debug, output, disk);
            boot.Shell.SendLine("fscheck fill /data/fill.bin");
            boot.Shell.ExpectLine(@"^fscheck\[\d+\]: fscheck fill: \d+ bytes written, then ""write '/data/fill.bin': the disk is full""; .*: PASS$", Answer);
            boot.Shell.ExpectPrompt(Answer);
            Assert.DoesNotContain("FAULT", boot.Shell.Transcript, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(disk);
        }
    }

    // Boots on the disk, starts a writer in the background, and cuts the power once it has written `chunks` 4 KiB chunks.
    private void CutWhileWriting(string disk, string file, int chunks)
    {
        using ShellBoot boot = ShellBoot.ToPrompt(BootKernel.Debug, output, disk);
        boot.Shell.SendLine($"fscheck writer {file} &");
        boot.Shell.Expect($"fscheck writer: {chunks} chunks in {file}", Answer);
        boot.PowerCut();
        Assert.Contains("files: /data checked at mount: consistent", boot.Shell.Transcript, StringComparison.Ordinal);
    }
}
