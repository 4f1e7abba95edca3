// /boot: the apps of the boot archive as read-only files, listed and read through the root task (ListApps, ReadApp).
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Lib.IO;
using Smos.Protocol;
using Smos.Services.Storage;

namespace Smos.FileServer;

/// <summary>
/// The read-only volume <c>/boot</c>: one file per app of the boot archive (<c>/boot/hello</c>, the app's ELF), its
/// names from the root task's ListApps (asked once, at the first use: the archive never changes) and its bytes from
/// ReadApp. An open /boot file is an index into that list.
/// </summary>
public sealed class BootVolume
{
    private List<string>? _names;
    private long[] _sizes = Array.Empty<long>();

    /// <summary>The app named by <paramref name="inner"/> ("/NAME"): its index, or NotFound.</summary>
    public FileError Open(string inner, out int app)
    {
        Load();
        app = -1;
        if (inner.Length < 2 || inner.IndexOf('/', 1) >= 0)
        {
            return inner.Length < 2 ? FileError.IsADirectory : FileError.NotFound;
        }

        app = _names!.IndexOf(inner.Substring(1));
        return app < 0 ? FileError.NotFound : 0;
    }

    /// <summary>The app's size in bytes.</summary>
    public long Length(int app) => _sizes[app];

    /// <summary>The sum of the apps' sizes.</summary>
    public long TotalBytes()
    {
        Load();
        long total = 0;
        foreach (long s in _sizes)
        {
            total += s;
        }

        return total;
    }

    /// <summary>Every app as a file entry.</summary>
    public void List(List<FatEntryInfo> into)
    {
        Load();
        for (int i = 0; i < _names!.Count; i++)
        {
            into.Add(new FatEntryInfo(_names[i], _names[i], _sizes[i], false));
        }
    }

    /// <summary>Up to <paramref name="count"/> bytes of the app from <paramref name="offset"/> (fewer at its end).</summary>
    public FileError Read(int app, long offset, int count, out byte[] bytes)
    {
        long size = _sizes[app];
        int n = (int)Math.Max(0, Math.Min(count, size - Math.Min(offset, size)));
        bytes = new byte[n];
        int done = 0;
        while (done < n)
        {
            RootError e = Process.ReadApp(_names![app], offset + done, bytes.AsSpan(done), out int read, out _);
            if (e != RootError.Ok || read == 0)
            {
                return FileError.IOError;
            }

            done += read;
        }

        return 0;
    }

    private void Load()
    {
        if (_names is not null)
        {
            return;
        }

        _names = Process.ListApps();
        _sizes = new long[_names.Count];
        for (int i = 0; i < _names.Count; i++)
        {
            _sizes[i] = Process.GetAppSize(_names[i], out long size) == RootError.Ok ? size : 0;
        }
    }
}
