// The seL4 ABI numbers SmosSharp uses, computed from the installed kernel's interface XML and configuration (as seL4's own generators number them).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Smos.Build;

/// <summary>
/// Invocation labels: every <c>method</c> of interfaces/object-api.xml, then object-api-sel4-arch.xml, then
/// object-api-arch.xml, in file order, numbered from 1; a method whose <c>condition</c> is false for the kernel's
/// configuration gets no label (a condition tests whether a CONFIG_ variable is defined, as the C headers do), and an
/// id seen before with the same condition is skipped (<c>duplicate="true"</c>; without it the XML is refused). System
/// calls: api/syscall.xml's API (api-mcs on an MCS kernel, else api-master), then its debug calls, numbered -1, -2, ...
/// in file order whatever their condition. The configuration options SmosSharp depends on (<see cref="KernelConfig.AbiConstants"/>)
/// and the object sizes of sel4/sel4_arch/constants.h (<see cref="HeaderConstants"/>) are written beside them.
/// The result is C# (<see cref="Generate"/>) committed as kernel-glue/sel4-sys/Generated/Sel4Abi.g.cs.
/// </summary>
internal static class AbiGenerator
{
    /// <summary>The committed file, relative to the repository.</summary>
    public const string OutputPath = "kernel-glue/sel4-sys/Generated/Sel4Abi.g.cs";

    public static readonly string[] InterfaceFiles =
        ["interfaces/object-api.xml", "interfaces/object-api-sel4-arch.xml", "interfaces/object-api-arch.xml"];

    /// <summary>The labels of the methods the configuration has, in order.</summary>
    public static List<(string Id, int Label)> InvocationLabels(IEnumerable<XDocument> interfaces, IReadOnlyDictionary<string, JsonElement> config)
    {
        var labels = new List<(string, int)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var numbered = new HashSet<string>(StringComparer.Ordinal);
        foreach (XDocument doc in interfaces)
        {
            foreach (XElement method in doc.Descendants("method"))
            {
                XElement? condition = method.Element("condition")?.Elements().FirstOrDefault();
                string id = method.Attribute("id")?.Value ?? throw new BuildsysException("interface XML: a <method> without an id");
                if (!seen.Add(id + "\n" + condition?.ToString(SaveOptions.DisableFormatting)))
                {
                    if (method.Attribute("duplicate")?.Value is not ("true" or "1"))
                    {
                        throw new BuildsysException($"interface XML: method {id} appears twice with the same condition and without duplicate=\"true\"");
                    }

                    continue;
                }

                if (condition is null || Evaluate(condition, config))
                {
                    if (!numbered.Add(id))
                    {
                        throw new BuildsysException($"interface XML: method {id} has two labels in this configuration (two of its conditions hold)");
                    }

                    labels.Add((id, labels.Count + 1));
                }
            }
        }

        return labels;
    }

    /// <summary>
    /// The system calls of the API (<paramref name="mcs"/>: the MCS one) and the debug calls, numbered -1, -2, ...
    /// (seL4 numbers the debug calls whatever their condition, so debug and release kernels agree).
    /// </summary>
    public static List<(string Name, int Number)> Syscalls(XDocument syscallXml, bool mcs)
    {
        XElement root = syscallXml.Root ?? throw new BuildsysException("api/syscall.xml is empty");
        var calls = new List<(string, int)>();
        foreach (string section in new[] { mcs ? "api-mcs" : "api-master", "debug" })
        {
            foreach (XElement call in root.Elements(section).Descendants("syscall"))
            {
                calls.Add((call.Attribute("name")?.Value ?? throw new BuildsysException("api/syscall.xml: a <syscall> without a name"), -(calls.Count + 1)));
            }
        }

        return calls;
    }

    /// <summary>A <c>condition</c> element: config (a CONFIG_ variable), not, and, or.</summary>
    public static bool Evaluate(XElement e, IReadOnlyDictionary<string, JsonElement> config) => e.Name.LocalName switch
    {
        "config" => IsSet(config, e.Attribute("var")?.Value ?? ""),
        "not" => !Evaluate(e.Elements().Single(), config),
        "and" => e.Elements().All(c => Evaluate(c, config)),
        "or" => e.Elements().Any(c => Evaluate(c, config)),
        _ => throw new BuildsysException($"interface XML: unknown condition <{e.Name.LocalName}>"),
    };

    /// <summary>Whether gen_config.h defines <paramref name="variable"/> (CONFIG_ prefix optional).</summary>
    public static bool IsSet(IReadOnlyDictionary<string, JsonElement> config, string variable)
    {
        string key = variable.StartsWith("CONFIG_", StringComparison.Ordinal) ? variable["CONFIG_".Length..] : variable;
        if (!config.TryGetValue(key, out JsonElement v))
        {
            return false;
        }

        // gen_config.h defines every option that is not a false boolean (strings, even empty, and numbers too).
        return v.ValueKind is not (JsonValueKind.False or JsonValueKind.Null);
    }

    /// <summary>gen_config.json as a map of its top-level settings.</summary>
    public static Dictionary<string, JsonElement> ReadConfig(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    /// <summary>The C# file from an installed kernel's include folder ($SEL4_PREFIX/libsel4/include).</summary>
    public static string GenerateFrom(string includeDir)
    {
        string Need(string relative)
        {
            string path = Path.Combine(includeDir, relative);
            return File.Exists(path) ? path : throw new BuildsysException($"{path} does not exist: is {includeDir} the libsel4/include of an installed seL4 16.0.0 kernel?");
        }

        Dictionary<string, JsonElement> config = ReadConfig(File.ReadAllText(Need("kernel/gen_config.json")));
        var interfaces = InterfaceFiles.Select(f => XDocument.Load(Need(f))).ToList();
        bool mcs = config.TryGetValue("KERNEL_MCS", out JsonElement m) && m.ValueKind == JsonValueKind.True;
        List<(string, int)> sizes = HeaderConstants.ObjectSizeBits(File.ReadAllText(Need(HeaderConstants.ObjectSizesHeader)), config);
        return Generate(InvocationLabels(interfaces, config), Syscalls(XDocument.Load(Need("api/syscall.xml")), mcs), ConfigConstants(config), sizes);
    }

    /// <summary>The options of <see cref="KernelConfig.AbiConstants"/> as C# constants: name (ROOT_CNODE_SIZE_BITS: RootCnodeSizeBits), type and value.</summary>
    public static List<(string Name, string Type, string Value)> ConfigConstants(IReadOnlyDictionary<string, JsonElement> config)
    {
        var constants = new List<(string, string, string)>();
        foreach ((string key, _, _) in KernelConfig.AbiConstants)
        {
            if (!config.TryGetValue(key, out JsonElement v))
            {
                throw new BuildsysException($"gen_config.json has no {key}: is it the configuration of an seL4 16.0.0 kernel?");
            }

            string name = string.Concat(key.Split('_').Select(w => w[..1] + w[1..].ToLowerInvariant()));
            constants.Add(v.ValueKind switch
            {
                JsonValueKind.True or JsonValueKind.False => (name, "bool", v.ValueKind == JsonValueKind.True ? "true" : "false"),
                JsonValueKind.String when int.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) => (name, "int", n.ToString(CultureInfo.InvariantCulture)),
                JsonValueKind.String => (name, "string", "\"" + v.GetString() + "\""),
                _ => throw new BuildsysException($"gen_config.json: {key} is {v.GetRawText()}, neither a flag nor a string"),
            });
        }

        return constants;
    }

    /// <summary>The committed C#: constants only, so it builds for the target (no BCL) and the host.</summary>
    public static string Generate(
        IReadOnlyList<(string Id, int Label)> labels,
        IReadOnlyList<(string Name, int Number)> syscalls,
        IReadOnlyList<(string Name, string Type, string Value)> config,
        IReadOnlyList<(string Name, int Bits)>? objectSizes = null)
    {
        var sb = new StringBuilder();
        sb.Append("// Generated by `./smos abi` from seL4 16.0.0's interface XML and the installed kernel's configuration (docs/sel4-abi.md); do not edit.\n");
        sb.Append("namespace Smos.Sel4;\n\n");
        sb.Append("/// <summary>seL4's invocation labels for the supported configuration (seL4 names).</summary>\n");
        sb.Append("public static class Sel4InvocationLabels\n{\n");
        foreach ((string id, int label) in labels)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    public const ulong {id} = {label};\n");
        }

        sb.Append("}\n\n/// <summary>seL4's system-call numbers (x7): the API, then the debug calls.</summary>\n");
        sb.Append("public static class Sel4SyscallNumbers\n{\n");
        foreach ((string name, int number) in syscalls)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    public const long {name} = {number};\n");
        }

        sb.Append("}\n\n/// <summary>The kernel configuration SmosSharp is built for (gen_config.json; buildsys refuses a kernel that differs).</summary>\n");
        sb.Append("public static class Sel4Config\n{\n");
        foreach ((string name, string type, string value) in config)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    public const {type} {name} = {value};\n");
        }

        sb.Append("}\n\n/// <summary>log2 of the bytes of seL4's objects and their parts for this configuration (sel4/sel4_arch/constants.h, seL4_ dropped).</summary>\n");
        sb.Append("public static class Sel4ObjectSizes\n{\n");
        foreach ((string name, int bits) in objectSizes ?? [])
        {
            sb.Append(CultureInfo.InvariantCulture, $"    public const int {name} = {bits};\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>
    /// What differs between the committed file and the generated one: one line per constant whose value differs or
    /// that only one of them has; when only other text differs, its first differing line.
    /// </summary>
    public static List<string> Differences(string committed, string generated)
    {
        Dictionary<string, string> Constants(string text)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            string cls = "";
            foreach (string line in text.Split('\n'))
            {
                string t = line.Trim();
                if (t.StartsWith("public static class ", StringComparison.Ordinal))
                {
                    cls = t["public static class ".Length..];
                }
                else if (t.StartsWith("public const ", StringComparison.Ordinal) && t.IndexOf(" = ", StringComparison.Ordinal) is int eq and > 0)
                {
                    map[cls + "." + t[..eq].Split(' ')[^1]] = t[(eq + 3)..].TrimEnd(';');
                }
            }

            return map;
        }

        Dictionary<string, string> a = Constants(committed), b = Constants(generated);
        var lines = new List<string>();
        foreach ((string name, string value) in a)
        {
            lines.Add(b.TryGetValue(name, out string? kernel)
                ? (value == kernel ? "" : $"{name}: committed {value}, kernel {kernel}")
                : $"{name}: committed {value}, the kernel has none");
        }

        lines.AddRange(b.Where(p => !a.ContainsKey(p.Key)).Select(p => $"{p.Key}: kernel {p.Value}, the committed file has none"));
        lines.RemoveAll(l => l.Length == 0);
        if (lines.Count == 0 && committed != generated)
        {
            string[] x = committed.Split('\n'), y = generated.Split('\n');
            int i = Enumerable.Range(0, Math.Max(x.Length, y.Length)).First(i => i >= x.Length || i >= y.Length || x[i] != y[i]);
            lines.Add($"line {i + 1}: committed \"{(i < x.Length ? x[i] : "")}\", kernel \"{(i < y.Length ? y[i] : "")}\"");
        }

        return lines;
    }
}
