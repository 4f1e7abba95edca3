// Turns a compiler XML documentation file (libsmos) into a Markdown API reference (docs/api/libsmos.md).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Xml.Linq;

namespace Smos.Build;

internal static class ApiDoc
{
    /// <summary>Markdown for every documented type and member of <paramref name="xml"/>, types in name order.</summary>
    public static string ToMarkdown(XDocument xml, string title)
    {
        var members = xml.Root?.Element("members")?.Elements("member")
            .Select(m => (Id: (string?)m.Attribute("name") ?? string.Empty, Doc: m))
            .Where(m => m.Id.Length > 2)
            .ToList() ?? [];
        var types = members.Where(m => m.Id.StartsWith("T:", StringComparison.Ordinal)).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append("# ").Append(title).Append("\n\n");
        text.Append("Generated from the XML documentation comments by `buildsys apidoc`; do not edit by hand.\n\n");
        foreach (var (id, doc) in types)
        {
            string typeName = id[2..];
            text.Append("## `").Append(typeName).Append("`\n\n");
            AppendDoc(text, doc);
            foreach (var (memberId, memberDoc) in members.Where(m => !m.Id.StartsWith("T:", StringComparison.Ordinal) && MemberOf(m.Id) == typeName))
            {
                text.Append("### ").Append(Display(memberId, typeName)).Append("\n\n");
                AppendDoc(text, memberDoc);
            }
        }

        return text.ToString();
    }

    // "M:Ns.Type.Method(System.Int32)" -> "Ns.Type"; nested generic arity and parameters are ignored.
    private static string MemberOf(string id)
    {
        string name = id[2..];
        int paren = name.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
        {
            name = name[..paren];
        }

        int dot = name.LastIndexOf('.');
        return dot < 0 ? string.Empty : name[..dot];
    }

    private static string Display(string id, string typeName)
    {
        string kind = id[0] switch { 'M' => "method", 'P' => "property", 'F' => "field", 'E' => "event", _ => "member" };
        string rest = id[(2 + typeName.Length + 1)..].Replace("#ctor", "constructor", StringComparison.Ordinal);
        return "`" + rest + "` (" + kind + ")";
    }

    private static void AppendDoc(StringBuilder text, XElement doc)
    {
        string summary = Flatten(doc.Element("summary"));
        if (summary.Length > 0)
        {
            text.Append(summary).Append("\n\n");
        }

        foreach (XElement p in doc.Elements("param"))
        {
            text.Append("- `").Append((string?)p.Attribute("name")).Append("`: ").Append(Flatten(p)).Append('\n');
        }

        if (doc.Elements("param").Any())
        {
            text.Append('\n');
        }

        string returns = Flatten(doc.Element("returns"));
        if (returns.Length > 0)
        {
            text.Append("Returns: ").Append(returns).Append("\n\n");
        }

        foreach (XElement example in doc.Elements("example"))
        {
            string code = (example.Element("code")?.Value ?? example.Value).Trim('\n', '\r');
            text.Append("```csharp\n").Append(Dedent(code)).Append("\n```\n\n");
        }
    }

    // Inner text with <see cref="X"/> and <paramref name="y"/> rendered as code.
    private static string Flatten(XElement? element)
    {
        if (element is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (XNode node in element.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement e when e.Name.LocalName == "see" => "`" + Short((string?)e.Attribute("cref") ?? (string?)e.Attribute("langword") ?? string.Empty) + "`",
                XElement e when e.Name.LocalName is "paramref" or "typeparamref" => "`" + (string?)e.Attribute("name") + "`",
                XElement e when e.Name.LocalName == "c" => "`" + e.Value + "`",
                XElement e => Flatten(e),
                _ => string.Empty,
            });
        }

        return string.Join(' ', text.ToString().Split((char[])['\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Short(string cref)
    {
        string name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        int paren = name.IndexOf('(', StringComparison.Ordinal);
        name = paren >= 0 ? name[..paren] : name;
        string[] parts = name.Split('.');
        return parts.Length >= 2 ? parts[^2] + "." + parts[^1] : name;
    }

    private static string Dedent(string code)
    {
        string[] lines = code.Split('\n');
        int indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).TrimEnd();
    }
}
