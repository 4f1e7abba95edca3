// One file of a package: where it comes from on disk and where it goes inside the .nupkg.
namespace Smos.Build.Packaging;

/// <summary>A file of a package: <paramref name="Source"/> on disk, <paramref name="Target"/> inside the package (forward slashes).</summary>
internal sealed record PackageFile(string Source, string Target);
