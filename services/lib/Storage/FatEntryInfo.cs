// What List and Stat report about a directory entry: name, 8.3 alias, size, whether it is a directory.
namespace Smos.Services.Storage;

/// <summary>A directory entry as <see cref="FatFileSystem.List"/> and <see cref="FatFileSystem.Stat"/> report it.</summary>
public readonly struct FatEntryInfo
{
    /// <summary>An entry description.</summary>
    public FatEntryInfo(string name, string shortName, long size, bool isDirectory)
    {
        Name = name;
        ShortName = shortName;
        Size = size;
        IsDirectory = isDirectory;
    }

    /// <summary>The long name (the short one when the entry has none); "/" for the root.</summary>
    public string Name { get; }

    /// <summary>The 8.3 alias ("LONGFI~1.TXT"); empty for the root.</summary>
    public string ShortName { get; }

    /// <summary>Size in bytes (0 for directories).</summary>
    public long Size { get; }

    /// <summary>True for a directory.</summary>
    public bool IsDirectory { get; }

    /// <summary>"name/" for a directory, "name (size bytes)" for a file: one line of a listing.</summary>
    public override string ToString() => IsDirectory ? $"{Name}/" : $"{Name} ({Size} bytes)";
}
