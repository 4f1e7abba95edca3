// RuntimeImport/RuntimeExport: how the system module binds C# to assembly symbols and exports helpers by name.
namespace System.Runtime;

[AttributeUsage(AttributeTargets.Method)]
public sealed class RuntimeImportAttribute : Attribute
{
    public RuntimeImportAttribute(string entry) { EntryPoint = entry; }

    public RuntimeImportAttribute(string dllName, string entry)
    {
        DllName = dllName;
        EntryPoint = entry;
    }

    public string? DllName { get; }

    public string EntryPoint { get; }
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class RuntimeExportAttribute : Attribute
{
    public RuntimeExportAttribute(string entry) { EntryPoint = entry; }

    public string EntryPoint { get; }
}
