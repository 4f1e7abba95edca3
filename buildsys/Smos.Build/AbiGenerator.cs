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
/// configuration gets no label, and an id seen before (the MCS and non-MCS variants of one method) keeps its first
/// number. System calls: api/syscall.xml's non-MCS API, then its debug calls, numbered -1, -2, ... in file order.
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
        foreach (XDocument doc in interfaces)
        {
            foreach (XElement method in doc.Descendants("method"))
            {
                XElement? condition = method.Element("condition")?.Elements().FirstOrDefault();
                string id = method.Attribute("id")?.Value ?? throw new BuildsysException("interface XML: a <method> without an id");
                if ((condition is null || Evaluate(condition, config)) && seen.Add(id))
                {
                    labels.Add((id, labels.Count + 1));
                }
            }
        }

        return labels;
    }

    /// <summary>The system calls of the non-MCS API and the debug calls, numbered -1, -2, ... (seL4 numbers the debug calls whatever their condition).</summary>
    public static List<(string Name, int Number)> Syscalls(XDocument syscallXml)
    {
        XElement root = syscallXml.Root ?? throw new BuildsysException("api/syscall.xml is empty");
        var calls = new List<(string, int)>();
        foreach (string section in new[] { "api-master", "debug" })
        {
            foreach (XElement call in root.Elements(section).Descendants("syscall"))
            {
                calls.Add((call.Attribute("name")!.Value, -(calls.Count + 1)));
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

    private static bool IsSet(IReadOnlyDictionary<string, JsonElement> config, string variable)
    {
        string key = variable.StartsWith("CONFIG_", StringComparison.Ordinal) ? variable["CONFIG_".Length..] : variable;
        if (!config.TryGetValue(key, out JsonElement v))
        {
            return false;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => v.GetString() is { Length: > 0 } s && s != "0" && !s.Equals("OFF", StringComparison.OrdinalIgnoreCase),
            JsonValueKind.Number => v.GetDouble() != 0,
            _ => false,
        };
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
        return Generate(InvocationLabels(interfaces, config), Syscalls(XDocument.Load(Need("api/syscall.xml"))));
    }

    /// <summary>The committed C#: constants only, so it builds for the target (no BCL) and the host.</summary>
    public static string Generate(IReadOnlyList<(string Id, int Label)> labels, IReadOnlyList<(string Name, int Number)> syscalls)
    {
        var sb = new StringBuilder();
        sb.Append("// Generated by `./smos abi` from the installed seL4 kernel's interface XML and configuration (docs/sel4-abi.md); do not edit.\n");
        sb.Append("namespace Smos.Sel4;\n\n");
        sb.Append("/// <summary>seL4's invocation labels for the supported configuration (seL4 names).</summary>\n");
        sb.Append("public static class Sel4InvocationLabels\n{\n");
        foreach ((string id, int label) in labels)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    public const ulong {id} = {label};\n");
        }

        sb.Append("}\n\n/// <summary>seL4's system-call numbers (x7): the non-MCS API, then the debug calls.</summary>\n");
        sb.Append("public static class Sel4SyscallNumbers\n{\n");
        foreach ((string name, int number) in syscalls)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    public const long {name} = {number};\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }
}
