// The object sizes of an installed libsel4 header (seL4_...Bits), with its #if/#ifdef/#else/#endif evaluated for the kernel's configuration.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smos.Build;

/// <summary>
/// Reads the <c>#define seL4_NameBits N</c> lines a C preprocessor would keep from sel4/sel4_arch/constants.h:
/// conditions (<c>defined</c>, <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>, parentheses, numbers) test the configuration
/// as gen_config.h defines it (<see cref="AbiGenerator.IsSet"/>) and the macros the header defined before.
/// </summary>
internal static partial class HeaderConstants
{
    /// <summary>The header, relative to libsel4/include.</summary>
    public const string ObjectSizesHeader = "sel4/sel4_arch/constants.h";

    /// <summary>Every active <c>seL4_...Bits</c> definition with a number, in file order (the seL4_ prefix dropped).</summary>
    public static List<(string Name, int Value)> ObjectSizeBits(string header, IReadOnlyDictionary<string, JsonElement> config)
    {
        string text = BlockComment().Replace(header.Replace("\\\r\n", " ", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal), " ");
        var defined = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<(bool Parent, bool Taken)>();
        bool active = true;
        var sizes = new List<(string, int)>();
        int number = 0;
        foreach (string raw in text.Split('\n'))
        {
            number++;
            string line = raw.Trim();
            if (!line.StartsWith('#'))
            {
                continue;
            }

            Match d = Directive().Match(line);
            string keyword = d.Groups[1].Value;
            string rest = LineComment().Replace(d.Groups[2].Value, "").Trim();
            bool Test(string expression) => new Condition(expression, config, defined, number).Evaluate();
            switch (keyword)
            {
                case "if" or "ifdef" or "ifndef":
                    bool holds = active && (keyword == "if" ? Test(rest) : (keyword == "ifdef") == Test($"defined({rest})"));
                    stack.Push((active, holds));
                    active = holds;
                    break;
                case "elif" or "else":
                    (bool parent, bool taken) = stack.Count > 0 ? stack.Pop() : throw Error(number, $"#{keyword} without #if");
                    active = parent && !taken && (keyword == "else" || Test(rest));
                    stack.Push((parent, taken || active));
                    break;
                case "endif":
                    active = stack.Count > 0 ? stack.Pop().Parent : throw Error(number, "#endif without #if");
                    break;
                case "define" when active:
                    string[] parts = rest.Split((char[])[' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
                    string name = parts.Length > 0 ? Regex.Replace(parts[0], @"\(.*$", "") : "";
                    defined.Add(name);
                    if (name.StartsWith("seL4_", StringComparison.Ordinal) && name.EndsWith("Bits", StringComparison.Ordinal) && parts.Length == 2 &&
                        int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
                    {
                        sizes.Add((name["seL4_".Length..], value));
                    }

                    break;
                case "undef" when active:
                    defined.Remove(rest);
                    break;
            }
        }

        return stack.Count == 0 ? sizes : throw Error(number, "#if without #endif");
    }

    private static BuildsysException Error(int line, string what) => new($"{ObjectSizesHeader} line {line}: {what}");

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"//.*$")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"^#\s*(\w*)\s*(.*)$")]
    private static partial Regex Directive();

    /// <summary>A preprocessor condition, by recursive descent: or := and ('||' and)*; and := unary ('&amp;&amp;' unary)*.</summary>
    private sealed partial class Condition(string expression, IReadOnlyDictionary<string, JsonElement> config, HashSet<string> defined, int line)
    {
        private readonly List<string> _tokens = [.. Token().Matches(expression).Select(m => m.Value)];
        private int _at;

        public bool Evaluate()
        {
            bool value = Or();
            return _at == _tokens.Count ? value : throw Error(line, $"cannot read the condition \"{expression}\"");
        }

        private string Peek => _at < _tokens.Count ? _tokens[_at] : "";

        private string Next() => _at < _tokens.Count ? _tokens[_at++] : throw Error(line, $"the condition \"{expression}\" ends early");

        private bool Or()
        {
            bool value = And();
            while (Peek == "||")
            {
                _at++;
                value |= And();
            }

            return value;
        }

        private bool And()
        {
            bool value = Unary();
            while (Peek == "&&")
            {
                _at++;
                value &= Unary();
            }

            return value;
        }

        private bool Unary()
        {
            string token = Next();
            switch (token)
            {
                case "!":
                    return !Unary();
                case "(":
                    bool inner = Or();
                    return Next() == ")" ? inner : throw Error(line, $"unbalanced parentheses in \"{expression}\"");
                case "defined":
                    bool parenthesised = Peek == "(";
                    if (parenthesised)
                    {
                        _at++;
                    }

                    string name = Next();
                    if (parenthesised && Next() != ")")
                    {
                        throw Error(line, $"defined( without ) in \"{expression}\"");
                    }

                    return defined.Contains(name) || (name.StartsWith("CONFIG_", StringComparison.Ordinal) && AbiGenerator.IsSet(config, name));
                default:
                    return long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out long n)
                        ? n != 0
                        : throw Error(line, $"the condition \"{expression}\" uses {token}, which this reader does not evaluate");
            }
        }

        [GeneratedRegex(@"\|\||&&|[()!]|\w+")]
        private static partial Regex Token();
    }
}
