// The API reference generator: types, members, summaries, params, returns and examples from compiler XML docs.
using System.Xml.Linq;
using Xunit;

namespace Smos.Build.Tests;

public class ApiDocTests
{
    private const string Xml = """
        <doc><assembly><name>Smos.Lib</name></assembly><members>
          <member name="T:Smos.Lib.Console"><summary>Output through the <see cref="T:Smos.Lib.RootCall"/>.</summary></member>
          <member name="M:Smos.Lib.Console.Write(System.String)">
            <summary>Writes <paramref name="text"/>.</summary>
            <param name="text">What to write.</param>
            <returns>Nothing useful.</returns>
            <example><code>
                Console.Write("hi");
            </code></example>
          </member>
          <member name="P:Smos.Lib.Args.Count"><summary>How many.</summary></member>
          <member name="T:Smos.Lib.Args"><summary>Arguments.</summary></member>
        </members></doc>
        """;

    [Fact]
    public void RendersTypesMembersAndExamples()
    {
        string md = ApiDoc.ToMarkdown(XDocument.Parse(Xml), "libsmos API");
        Assert.StartsWith("# libsmos API", md, System.StringComparison.Ordinal);
        Assert.True(md.IndexOf("## `Smos.Lib.Args`", System.StringComparison.Ordinal) < md.IndexOf("## `Smos.Lib.Console`", System.StringComparison.Ordinal));
        Assert.Contains("Output through the `Lib.RootCall`.", md, System.StringComparison.Ordinal);
        Assert.Contains("### `Write(System.String)` (method)", md, System.StringComparison.Ordinal);
        Assert.Contains("Writes `text`.", md, System.StringComparison.Ordinal);
        Assert.Contains("- `text`: What to write.", md, System.StringComparison.Ordinal);
        Assert.Contains("Returns: Nothing useful.", md, System.StringComparison.Ordinal);
        Assert.Contains("```csharp\nConsole.Write(\"hi\");\n```", md, System.StringComparison.Ordinal);
        Assert.Contains("### `Count` (property)", md, System.StringComparison.Ordinal);
    }
}
