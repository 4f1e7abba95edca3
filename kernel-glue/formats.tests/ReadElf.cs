// Parses GNU readelf output (-h, -l -W, -S -W, -s -W) so the ELF reader can be compared against binutils.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Xunit;

namespace Smos.Formats.Tests;

public sealed record ReadElfSegment(uint? Type, ulong Offset, ulong VAddr, ulong PAddr, ulong FileSize, ulong MemSize, uint Flags, ulong Align);

public sealed record ReadElfSection(int Index, string Name, uint? Type, ulong Addr, ulong Offset, ulong Size);

public sealed record ReadElfSymbol(ulong Value, ulong Size, string Type, string Bind, string Ndx, string Name);

public static class ReadElf
{
    private static readonly Dictionary<string, uint> SegmentTypes = new()
    {
        ["NULL"] = 0, ["LOAD"] = 1, ["DYNAMIC"] = 2, ["INTERP"] = 3, ["NOTE"] = 4, ["PHDR"] = 6, ["TLS"] = 7,
        ["GNU_EH_FRAME"] = 0x6474e550, ["GNU_STACK"] = 0x6474e551, ["GNU_RELRO"] = 0x6474e552, ["GNU_PROPERTY"] = 0x6474e553,
    };

    private static readonly Dictionary<string, uint> SectionTypes = new()
    {
        ["NULL"] = 0, ["PROGBITS"] = 1, ["SYMTAB"] = 2, ["STRTAB"] = 3, ["RELA"] = 4, ["HASH"] = 5, ["DYNAMIC"] = 6,
        ["NOTE"] = 7, ["NOBITS"] = 8, ["REL"] = 9, ["DYNSYM"] = 11, ["INIT_ARRAY"] = 14, ["FINI_ARRAY"] = 15,
        ["GNU_HASH"] = 0x6ffffff6, ["VERSYM"] = 0x6fffffff, ["VERNEED"] = 0x6ffffffe, ["VERDEF"] = 0x6ffffffd,
    };

    private static string Tool => Tools.Require("readelf", "binutils");

    /// <summary>The "Key: value" lines of readelf -h.</summary>
    public static Dictionary<string, string> Header(string path)
    {
        var result = new Dictionary<string, string>();
        foreach (string line in Lines(["-h", "-W", path]))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                result[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return result;
    }

    public static List<ReadElfSegment> Segments(string path)
    {
        var result = new List<ReadElfSegment>();
        bool inTable = false;
        foreach (string line in Lines(["-l", "-W", path]))
        {
            string[] t = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (line.StartsWith("Program Headers:", StringComparison.Ordinal))
            {
                inTable = true;
                continue;
            }

            if (!inTable || t.Length < 8 || !t[1].StartsWith("0x", StringComparison.Ordinal))
            {
                if (inTable && t.Length == 0)
                {
                    break;
                }

                continue;
            }

            string flags = string.Concat(t[6..^1]);
            uint f = (flags.Contains('R', StringComparison.Ordinal) ? Elf.PF_R : 0)
                | (flags.Contains('W', StringComparison.Ordinal) ? Elf.PF_W : 0)
                | (flags.Contains('E', StringComparison.Ordinal) ? Elf.PF_X : 0);
            result.Add(new ReadElfSegment(
                SegmentTypes.TryGetValue(t[0], out uint type) ? type : null,
                Hex(t[1]), Hex(t[2]), Hex(t[3]), Hex(t[4]), Hex(t[5]), f, Hex(t[^1])));
        }

        return result;
    }

    public static List<ReadElfSection> Sections(string path)
    {
        var result = new List<ReadElfSection>();
        foreach (string line in Lines(["-S", "-W", path]))
        {
            int open = line.IndexOf('[', StringComparison.Ordinal);
            int close = line.IndexOf(']', StringComparison.Ordinal);
            if (open < 0 || close < open || !int.TryParse(line[(open + 1)..close], NumberStyles.Integer, CultureInfo.InvariantCulture, out int index) || index == 0)
            {
                continue;
            }

            string[] t = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            result.Add(new ReadElfSection(
                index, t[0], SectionTypes.TryGetValue(t[1], out uint type) ? type : null,
                Hex(t[2]), Hex(t[3]), Hex(t[4])));
        }

        return result;
    }

    /// <summary>The entries of .symtab only (not .dynsym).</summary>
    public static List<ReadElfSymbol> Symbols(string path)
    {
        var result = new List<ReadElfSymbol>();
        bool inSymtab = false;
        foreach (string line in Lines(["-s", "-W", path]))
        {
            if (line.StartsWith("Symbol table", StringComparison.Ordinal))
            {
                inSymtab = line.Contains("'.symtab'", StringComparison.Ordinal);
                continue;
            }

            string[] t = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!inSymtab || t.Length < 7 || !t[0].EndsWith(':') || t[0] == "Num:")
            {
                continue;
            }

            ulong size = t[2].StartsWith("0x", StringComparison.Ordinal) ? Hex(t[2]) : ulong.Parse(t[2], CultureInfo.InvariantCulture);
            result.Add(new ReadElfSymbol(Hex(t[1]), size, t[3], t[4], t[6], t.Length > 7 ? t[7] : ""));
        }

        return result;
    }

    public static ulong Hex(string s) =>
        ulong.Parse(s.StartsWith("0x", StringComparison.Ordinal) ? s[2..] : s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>Parses "64 (bytes into file)" style values.</summary>
    public static ulong Leading(string s) => ulong.Parse(s.Split(' ')[0], CultureInfo.InvariantCulture);

    private static string[] Lines(string[] args)
    {
        ProcessResult r = Tools.RunOk(Tool, args, "/");
        Assert.True(r.StdOut.Length > 0, "readelf printed nothing for " + string.Join(' ', args));
        return r.StdOutText.Split('\n').Select(l => l.TrimEnd()).ToArray();
    }
}
