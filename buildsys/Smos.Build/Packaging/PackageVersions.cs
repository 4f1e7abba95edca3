// The version SmosSharp's packages carry and the seL4 release they need (Directory.Build.props, read from buildsys's own metadata).
using System.Linq;
using System.Reflection;

namespace Smos.Build.Packaging;

/// <summary>
/// <see cref="SmosSharp"/> and <see cref="Sel4Release"/> come from Directory.Build.props (SmosSharpVersion,
/// SmosSel4Release) through buildsys's AssemblyMetadata. A package's version is <see cref="Package"/>: SemVer build
/// metadata names the kernel (<c>0.1.0+sel4.16.0.0</c>), while NuGet resolves and compares by <c>0.1.0</c> alone, so a
/// project names <c>SmosSharp.Sdk/0.1.0</c>.
/// </summary>
internal static class PackageVersions
{
    public static string SmosSharp { get; } = Metadata("SmosSharpVersion");

    public static string Sel4Release { get; } = Metadata("SmosSel4Release");

    /// <summary>The package version with its build metadata: <c>0.1.0+sel4.16.0.0</c>.</summary>
    public static string Package => $"{SmosSharp}+sel4.{Sel4Release}";

    private static string Metadata(string key) =>
        typeof(PackageVersions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new BuildsysException($"buildsys was built without the {key} metadata (Directory.Build.props)");
}
