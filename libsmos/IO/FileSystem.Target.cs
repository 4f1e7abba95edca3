// The process's one connection to the file server, opened on first use, and the calls every file API shares.
#if SMOS_TARGET
using System.IO;
using Smos.Protocol;

namespace Smos.Lib.IO;

/// <summary>
/// The file server as this process sees it: <see cref="File"/>, <see cref="Directory"/>, <see cref="FileStream"/> and
/// <see cref="DriveInfo"/> share one connection to <c>"files"</c>, opened on first use (waiting while the file server
/// starts). <see cref="Client"/> is that connection's generated client, for calls the System.IO shapes do not cover.
/// </summary>
public static class FileSystem
{
    private const int OpenAttempts = 100_000;
    private static FilesClient? _client;

    /// <summary>
    /// The connection to the file server. Throws <see cref="IOException"/> when there is none (the file server is not
    /// in the init list, or speaks another version of the protocol).
    /// </summary>
    public static FilesClient Client
    {
        get
        {
            if (_client is null)
            {
                OpenResult opened = FilesClient.OpenWhenPublished("files"u8, out FilesClient client, OpenAttempts);
                if (!opened.IsOk)
                {
                    throw new IOException($"no file server: {opened} (the init list starts it as \"files\" after virtio-blk)");
                }

                _client = client;
            }

            return _client;
        }
    }

    /// <summary>True while the process holds a connection to the file server (opened by the first call, until <see cref="Disconnect"/>).</summary>
    public static bool IsConnected => _client is not null;

    /// <summary>Makes everything written so far durable on the disk (the file server flushes the device).</summary>
    /// <example><code>File.WriteAllText("/data/log.txt", "done\n"); FileSystem.Sync();</code></example>
    public static void Sync() => Check(Client.Sync(), "sync", "/data");

    /// <summary>Closes the connection (open <see cref="FileStream"/>s stop working); the next call opens a new one.</summary>
    public static void Disconnect()
    {
        _client?.Close();
        _client = null;
    }

    internal static void Check(Result r, string operation, string path, bool isDirectory = false)
    {
        if (!r.IsOk)
        {
            throw Failed(r.Error, operation, path, isDirectory);
        }
    }

    internal static T Check<T>(Result<T> r, string operation, string path, bool isDirectory = false)
    {
        if (!r.IsOk)
        {
            throw Failed(r.Error, operation, path, isDirectory);
        }

        return r.Value;
    }

    // An error of the protocol rather than the file server's own (its connection's capability gone after the server
    // ended or was restarted by the supervisor, a reply that does not decode): the connection is dropped, so that the
    // next call opens a new one to whatever serves "files" now. The handles of the old connection are gone with it.
    private static System.Exception Failed(ProtocolError error, string operation, string path, bool isDirectory)
    {
        if (FileErrors.Of(error) == 0 && error != ProtocolError.TooLarge)
        {
            _client?.Close(); // gives back the old connection's slot (its answer does not matter now)
            _client = null;
        }

        return FileErrors.ToException(error, operation, path, isDirectory);
    }
}
#endif
