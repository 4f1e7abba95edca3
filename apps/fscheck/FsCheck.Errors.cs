// fscheck's refusals (each with the exception .NET code expects) and the writer killed in the middle of a file.
using System;
using System.IO;
using Smos.Lib;
using Smos.Lib.IO;
using Smos.Protocol;
using Directory = Smos.Lib.IO.Directory;
using File = Smos.Lib.IO.File;
using FileAccess = Smos.Lib.IO.FileAccess;
using FileMode = Smos.Lib.IO.FileMode;
using FileStream = Smos.Lib.IO.FileStream;

namespace Smos.Apps.FsCheck;

public static partial class FsCheck
{
    private const int WriterChunk = 4096;

    private static void Errors()
    {
        int before = _failures;
        Throws<FileNotFoundException>(() => File.ReadAllText(Dir + "/missing.txt"), "reading a missing file", "FileNotFoundException");
        Throws<ArgumentException>(() => File.WriteAllText(Dir + "/../escape.txt", "x"), "a path with ..", "ArgumentException");
        Throws<ArgumentException>(() => File.WriteAllText(Dir + "//empty-name.txt", "x"), "an empty name", "ArgumentException");
        Throws<ArgumentException>(() => File.WriteAllText("relative.txt", "x"), "a relative path", "ArgumentException");
        Throws<PathTooLongException>(() => File.WriteAllText(Dir + "/" + new string('n', 256), "x"), "a 256-character name", "PathTooLongException");
        Throws<IOException>(() => File.WriteAllText("/boot/hello", "x"), "writing under /boot", "IOException");
        Throws<IOException>(() => File.Open(Dir + "/boots.txt", FileMode.CreateNew, FileAccess.Write), "CreateNew on an existing file", "IOException");
        Throws<IOException>(() => Directory.Delete(Dir), "deleting a directory that is not empty", "IOException");
        Throws<IOException>(() => File.Move(Dir + "/boots.txt", "/boot/boots.txt"), "a move from /data to /boot", "IOException");
        Throws<FileNotFoundException>(() => File.Copy(Dir + "/missing.txt", Dir + "/copy.txt"), "copying a missing file", "FileNotFoundException");
        using (FileStream r = File.OpenRead(Dir + "/boots.txt"))
        {
            Throws<IOException>(() => r.Write(new byte[] { 1 }, 0, 1), "writing through a handle opened for reading", "IOException");
        }

        FileStream closed = File.OpenRead(Dir + "/boots.txt");
        closed.Dispose();
        Throws<ObjectDisposedException>(() => closed.Read(new byte[4], 0, 4), "reading a closed stream", "ObjectDisposedException");

        // The raw client: another connection's handle number, and a count past the limit.
        Result<ulong> h = FileSystem.Client.OpenFile(Dir + "/boots.txt", FileMode.Open, FileAccess.Read);
        Expect(h.IsOk, $"raw open: {h}");
        Result<byte[]> big = FileSystem.Client.Read(h.Value, 0, FileLimits.MaxTransfer + 1);
        Expect(FileErrors.Of(big.Error) == FileError.InvalidArgument, $"a read of 4097 bytes: {FileErrors.Describe(big.Error)}");
        Result<byte[]> stranger = FileSystem.Client.Read(h.Value + 1_000_000, 0, 1);
        Expect(FileErrors.Of(stranger.Error) == FileError.BadHandle, $"a handle never given: {FileErrors.Describe(stranger.Error)}");
        FileSystem.Client.CloseFile(h.Value);
        Console.WriteLine(_failures == before ? "fscheck: every bad path and bad call was refused with its exception" : "fscheck: some refusals were wrong");
    }

    private static void Throws<T>(Action action, string what, string expected)
        where T : Exception
    {
        try
        {
            action();
            Expect(false, $"{what}: no exception");
        }
        catch (T)
        {
        }
        catch (Exception e)
        {
            Expect(false, $"{what}: another exception ({e.Message}), expected {expected}");
        }
    }

    // The child writes 4 KiB chunks, chunk k filled with byte k, and never closes; its parent kills it mid-file. The file
    // is then whole chunks only (each Write is one transaction: in or out) and the server has dropped its handle.
    private static int Writer(string path)
    {
        using FileStream f = File.Create(path);
        byte[] chunk = new byte[WriterChunk];
        for (int k = 0; ; k++)
        {
            chunk.AsSpan().Fill((byte)k);
            f.Write(chunk, 0, chunk.Length);
            if ((k + 1) % 64 == 0)
            {
                Console.WriteLine($"fscheck writer: {k + 1} chunks in {path}");
            }
        }
    }

    // What a writer left: whole chunks only, chunk k filled with byte k (read a chunk at a time: the file may be larger
    // than this process's memory quota).
    private static int Verify(string path)
    {
        using FileStream f = File.OpenRead(path);
        long length = f.Length;
        byte[] chunk = new byte[WriterChunk];
        long wrong = 0;
        long chunks = length / WriterChunk;
        for (long k = 0; k < chunks; k++)
        {
            int got = 0;
            while (got < WriterChunk)
            {
                int n = f.Read(chunk, got, WriterChunk - got);
                if (n == 0)
                {
                    break;
                }

                got += n;
            }

            wrong += got == WriterChunk && chunk.AsSpan().IndexOfAnyExcept((byte)k) < 0 ? 0 : 1;
        }

        bool whole = length % WriterChunk == 0 && wrong == 0;
        Console.WriteLine($"fscheck verify: {path} holds {length} bytes: {chunks} chunks, {wrong} wrong{(length % WriterChunk != 0 ? ", a partial chunk" : "")}: {(whole ? "PASS" : "FAIL")}");
        return whole ? 0 : 1;
    }

    // A full disk: a file written in 4 KiB chunks until a write is refused; that write's exception must say the disk is
    // full, the file must hold every chunk written before it, another file must still read, and once the big file is
    // deleted a small one can be written again.
    private static int Fill(string path)
    {
        File.WriteAllText("/data/before-fill.txt", "still here\n");
        long written = 0;
        string refusal = "";
        using (FileStream f = File.Create(path))
        {
            byte[] chunk = new byte[WriterChunk];
            try
            {
                for (int k = 0; ; k++)
                {
                    chunk.AsSpan().Fill((byte)k);
                    f.Write(chunk, 0, chunk.Length);
                    written += chunk.Length;
                }
            }
            catch (IOException e)
            {
                refusal = e.Message;
            }
        }

        bool full = refusal.Contains("the disk is full", StringComparison.Ordinal);
        bool whole = Verify(path) == 0;
        long length = new DriveInfo("/data").AvailableFreeSpace;
        bool other = File.ReadAllText("/data/before-fill.txt") == "still here\n";
        File.Delete(path);
        File.WriteAllText("/data/after-fill.txt", "room again\n");
        bool again = File.ReadAllText("/data/after-fill.txt") == "room again\n";
        bool ok = full && whole && other && again;
        Console.WriteLine($"fscheck fill: {written} bytes written, then \"{refusal}\"; {length} bytes free then; the file whole: {whole}, another file intact: {other}, a new file after deleting it: {again}: {(ok ? "PASS" : "FAIL")}");
        return ok ? 0 : 1;
    }

    private static int WrongChunks(byte[] bytes)
    {
        int wrong = 0;
        for (int k = 0; k < bytes.Length / WriterChunk; k++)
        {
            wrong += bytes.AsSpan(k * WriterChunk, WriterChunk).IndexOfAnyExcept((byte)k) >= 0 ? 1 : 0;
        }

        return wrong;
    }

    private static long Length(string path)
    {
        using FileStream f = File.OpenRead(path);
        return f.Length;
    }

    private static void KilledWriter()
    {
        string path = Dir + "/killed.bin";
        long openBefore = new DriveInfo("/data").OpenFiles;
        RootError e = Process.Spawn("fscheck", new[] { "writer", path }, out ulong pid);
        Expect(e == RootError.Ok, $"spawn the writer: {Process.Describe(e)}");
        // Kill it once it has written a few chunks (its file's length, asked of the file server, says so), at most 20 s on.
        ulong deadline = Clock.Ticks + (20 * Clock.Frequency);
        while (Clock.Ticks < deadline && !(File.Exists(path) && Length(path) >= 3 * WriterChunk))
        {
            Clock.Sleep(10);
        }

        Expect(Process.Kill(pid) == RootError.Ok, "kill the writer");
        Process.Wait(pid, out long code);
        Clock.Sleep(100); // the file server takes the Closed event of the writer's connection
        long openAfter = new DriveInfo("/data").OpenFiles;
        byte[] bytes = File.ReadAllBytes(path);
        int wrongChunks = WrongChunks(bytes);

        Expect(bytes.Length % WriterChunk == 0 && bytes.Length > 0 && wrongChunks == 0,
            $"the killed writer's file: {bytes.Length} bytes, {wrongChunks} chunks wrong");
        Expect(openAfter == openBefore, $"files open: {openBefore} before the writer, {openAfter} after it was killed");
        Console.WriteLine($"fscheck: a writer killed after {bytes.Length / WriterChunk} whole 4 KiB chunks (exit {code}); its handle was closed ({openAfter} open)");
        File.Delete(path);
    }
}
