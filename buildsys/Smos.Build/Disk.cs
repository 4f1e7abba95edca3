// The virtio disk QEMU boots with: out/disk.img, made on first use (sparse, zeroed), kept between runs unless reset.
using System.Collections.Generic;
using System.IO;
using Serilog;

namespace Smos.Build;

/// <summary>
/// The disk image that <c>run</c> and <c>test</c> give QEMU as a virtio block device (drivers/virtio-blk serves it as
/// "blk"): <c>OUT/disk.img</c>, raw, made with <c>--disk-size</c> MiB (default <see cref="DefaultMiB"/>) when it does not
/// exist or <c>--disk-reset</c> is given, and otherwise kept as it is, so what the system wrote is there at the next boot.
/// </summary>
internal static class Disk
{
    public const int DefaultMiB = 64;

    /// <summary>The largest size the option takes (a sparse file: only what is written takes room on the host).</summary>
    public const int MaxMiB = 65536;

    /// <summary>The disk `bench` gives each run, made blank before it (the user's OUT/disk.img is not touched).</summary>
    public const string BenchFileName = "bench-disk.img";

    /// <summary>
    /// The disk image's path for <paramref name="repo"/> (<c>OUT/disk.img</c>, or <paramref name="fileName"/> in OUT),
    /// made or reset as asked; its size in MiB.
    /// </summary>
    public static string Prepare(Repo repo, int sizeMiB, bool reset, string fileName = "disk.img")
    {
        if (sizeMiB < 1 || sizeMiB > MaxMiB)
        {
            throw new BuildsysException($"--disk-size {sizeMiB}: the disk takes 1 to {MaxMiB} MiB");
        }

        string path = Path.Combine(repo.Out, fileName);
        long bytes = (long)sizeMiB << 20;
        if (File.Exists(path) && !reset)
        {
            long have = new FileInfo(path).Length;
            if (have != bytes && sizeMiB != DefaultMiB)
            {
                Log.Warning("{Path} is kept at {Have} MiB (--disk-size {Size} applies with --disk-reset, which empties it)", repo.Show(path), have >> 20, sizeMiB);
            }

            return path;
        }

        Directory.CreateDirectory(repo.Out);
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            file.SetLength(bytes);
        }

        Log.Information("disk: {Path}, {Size} MiB of zeros ({Why})", repo.Show(path), sizeMiB, !reset ? "new" : fileName == BenchFileName ? "a blank disk for each bench run" : "--disk-reset");
        return path;
    }

    /// <summary>
    /// QEMU's arguments for the disk: a modern (virtio 1.x) virtio-mmio transport, the raw image as drive "hd", and a
    /// virtio-blk device on it (QEMU virt puts the first such device on its last transport, 0x0a003e00, interrupt 79).
    /// </summary>
    public static IReadOnlyList<string> QemuArgs(string path) =>
        ["-global", "virtio-mmio.force-legacy=false", "-drive", $"if=none,file={path},format=raw,id=hd", "-device", "virtio-blk-device,drive=hd"];
}
