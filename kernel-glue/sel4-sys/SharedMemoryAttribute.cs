// Markers the SmosSharp analyzer reads: memory shared with another party, and methods that make system calls.
using System;

namespace Smos.Sel4;

/// <summary>
/// On a struct: the layout only ever lives in shared memory. On a method, return value, out parameter, parameter,
/// field or property: it yields a pointer into shared memory. SMOS003 reports plain accesses through it.
/// </summary>
[AttributeUsage(AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.ReturnValue |
    AttributeTargets.Parameter | AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SharedMemoryAttribute : Attribute
{
}

/// <summary>A method outside Smos.Sel4 that makes a system call (SMOS001 treats calls of it as one).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SystemCallAttribute : Attribute
{
}
