// runtime-text: string members (search, split, join, trim, pad, case, compare, constructors) and char classification.
using System;

namespace Smos.Apps;

public static partial class RuntimeText
{
    private static void StringChecks()
    {
        string s = "Hello, World";
        Check("Empty", string.Empty.Length == 0 && ReferenceEquals(string.Empty, ""));
        Check("Substring(7)", s.Substring(7), "World");
        Check("Substring(0,5)", s.Substring(0, 5), "Hello");
        Check("IndexOf(char)", s.IndexOf('o'), 4);
        Check("IndexOf(char,start)", s.IndexOf('o', 5), 8);
        Check("IndexOf(string)", s.IndexOf("World"), 7);
        Check("IndexOf(string,start)", s.IndexOf("l", 4), 10);
        Check("IndexOf(missing)", s.IndexOf("xyz"), -1);
        Check("IndexOf(\"\")", s.IndexOf(""), 0);
        Check("LastIndexOf(char)", s.LastIndexOf('o'), 8);
        Check("LastIndexOf(string)", s.LastIndexOf("l"), 10);
        Check("IndexOf(OrdinalIgnoreCase)", s.IndexOf("WORLD", StringComparison.OrdinalIgnoreCase), 7);
        Check("Contains", s.Contains("lo, W") && !s.Contains("low") && s.Contains('W'));
        Check("StartsWith", s.StartsWith("Hell") && !s.StartsWith("hell") && s.StartsWith("hell", StringComparison.OrdinalIgnoreCase));
        Check("EndsWith", s.EndsWith("World") && s.EndsWith('d') && !s.EndsWith("Worl"));
        Check("Replace(char)", s.Replace('l', 'L'), "HeLLo, WorLd");
        Check("Replace(string)", s.Replace("World", "seL4"), "Hello, seL4");
        Check("Replace(string, null)", "a-b-c".Replace("-", null), "abc");
        Check("Trim", "  \t x y \n".Trim(), "x y");
        Check("TrimStart", "  x ".TrimStart(), "x ");
        Check("TrimEnd", "  x ".TrimEnd(), "  x");
        Check("Trim(chars)", "--x-y--".Trim('-'), "x-y");
        Check("TrimEnd(chars)", "x.,;".TrimEnd('.', ',', ';'), "x");
        Check("PadLeft", "42".PadLeft(5), "   42");
        Check("PadLeft(char)", "42".PadLeft(5, '0'), "00042");
        Check("PadRight", "42".PadRight(4) + "|", "42  |");
        Check("ToUpperInvariant", "abc-xyz \u00e9\u00ff".ToUpperInvariant(), "ABC-XYZ \u00c9\u0178");
        Check("ToLowerInvariant", "ABC-XYZ \u00c9".ToLowerInvariant(), "abc-xyz \u00e9");
        Check("Insert", "ac".Insert(1, "b"), "abc");
        Check("Remove", "abcdef".Remove(2, 2), "abef");
        Check("CompareOrdinal", Math.Sign(string.CompareOrdinal("a", "b")) == -1 && string.CompareOrdinal("b", "b") == 0 && string.CompareOrdinal("abc", "ab") > 0);
        Check("Compare(Ordinal)", string.Compare("B", "a", StringComparison.Ordinal) < 0 && string.Compare("B", "b", StringComparison.OrdinalIgnoreCase) == 0);
        Check("Compare(null)", string.Compare(null, "a") < 0 && string.Compare(null, null) == 0);
        Check("Equals(OrdinalIgnoreCase)", "SmosSharp".Equals("smossharp", StringComparison.OrdinalIgnoreCase));
        Check("IsNullOrEmpty", string.IsNullOrEmpty(null) && string.IsNullOrEmpty("") && !string.IsNullOrEmpty(" "));
        Check("IsNullOrWhiteSpace", string.IsNullOrWhiteSpace(" \t\u00a0") && !string.IsNullOrWhiteSpace(" x "));
        Check("ToCharArray", new string(s.ToCharArray()), s);
        Check("new string(char, n)", new string('=', 4), "====");
        Check("new string(span)", new string("abcdef".AsSpan(1, 3)), "bcd");
        Check("new string(char[], i, n)", new string("xyz".ToCharArray(), 1, 2), "yz");
        Check("array initializer", new string(new[] { 'i', 'n', 'i', 't' }), "init");
        Check("AsSpan", "abc".AsSpan().Length == 3 && "abc".AsSpan(1)[0] == 'b');
        Check("indexer", "abc"[2] == 'c');

        Check("Join", string.Join(", ", "a", "b", "c"), "a, b, c");
        Check("Join(char)", string.Join('/', "usr", "lib"), "usr/lib");
        Check("Join(objects)", string.Join("-", 1, 'x', true), "1-x-True");
        Check("Join(empty)", string.Join(",", new string[0]), "");
        Check("Split(char)", Show("a,b,,c".Split(',')), "<a|b||c>4");
        Check("Split(RemoveEmpty)", Show("a,b,,c,".Split(',', StringSplitOptions.RemoveEmptyEntries)), "<a|b|c>3");
        Check("Split(Trim)", Show(" a , b ,c ".Split(',', StringSplitOptions.TrimEntries)), "<a|b|c>3");
        Check("Split(count)", Show("a,b,c,d".Split(',', 2)), "<a|b,c,d>2");
        Check("Split(string)", Show("one::two::three".Split("::")), "<one|two|three>3");
        Check("Split(chars)", Show("a b\tc".Split(' ', '\t')), "<a|b|c>3");
        Check("Split(whitespace)", Show("a  b".Split()), "<a||b>3");
        Check("Split(strings)", Show("1+2-3".Split(Strings("+", "-"), StringSplitOptions.None)), "<1|2|3>3");
        Check("Split(none)", Show("abc".Split(',')), "<abc>1");
    }

    private static string[] Strings(string a, string b)
    {
        var array = new string[2];
        array[0] = a;
        array[1] = b;
        return array;
    }

    private static void CharChecks()
    {
        Check("IsDigit", char.IsDigit('7') && !char.IsDigit('a') && !char.IsDigit('\u00b2'));
        Check("IsLetter", char.IsLetter('a') && char.IsLetter('\u00e9') && !char.IsLetter('1') && !char.IsLetter('\u00d7'));
        Check("IsWhiteSpace", char.IsWhiteSpace(' ') && char.IsWhiteSpace('\n') && char.IsWhiteSpace('\u00a0') && char.IsWhiteSpace('\u3000') && !char.IsWhiteSpace('x'));
        Check("IsUpper/IsLower", char.IsUpper('Q') && char.IsLower('q') && !char.IsUpper('q') && char.IsLower('\u00df') && !char.IsUpper('1'));
        Check("ToUpperInvariant(char)", char.ToUpperInvariant('q') == 'Q' && char.ToUpperInvariant('\u00e9') == '\u00c9' && char.ToUpperInvariant('1') == '1');
        Check("ToLowerInvariant(char)", char.ToLowerInvariant('Q') == 'q' && char.ToLowerInvariant('\u00c9') == '\u00e9');
        Check("char.ToString", 'z'.ToString(), "z");
    }
}
