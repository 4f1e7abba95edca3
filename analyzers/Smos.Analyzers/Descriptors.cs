// The diagnostics SMOS001-SMOS003 and SMOS005-SMOS007: ids, titles, messages, categories and help links (docs/analyzers.md).
using Microsoft.CodeAnalysis;

namespace Smos.Analyzers;

/// <summary>
/// Every diagnostic the SmosSharp analyzers report. SMOS001-SMOS003 are warnings (warnings-as-errors makes them errors),
/// SMOS005 a hint, SMOS006 and SMOS007 errors.
/// </summary>
public static class Descriptors
{
    public const string CallInScopeId = "SMOS001";
    public const string ScopeNotDisposedId = "SMOS002";
    public const string PlainSharedAccessId = "SMOS003";
    public const string AllocationInServerLoopId = "SMOS005";
    public const string UnsupportedFeatureId = "SMOS006";
    public const string ScopeEscapeId = "SMOS007";

    private const string HelpBase = "docs/analyzers.md#";

    public static readonly DiagnosticDescriptor CallInScope = new(
        CallInScopeId,
        "System call or IPC while an IPC-buffer scope is open",
        "{0} is a system call made while the IPC-buffer scope {1} is open: end the scope before calling",
        "SmosSharp.Ipc",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The kernel reads and writes the IPC buffer during every system call, so no system call or IPC operation may run while an Ipc.Write()/Ipc.Read() scope is open (docs/ipc.md). At run time this stops the thread with CallWhileBorrowed.",
        helpLinkUri: HelpBase + "smos001");

    public static readonly DiagnosticDescriptor ScopeNotDisposed = new(
        ScopeNotDisposedId,
        "IPC-buffer scope not ended",
        "The IPC-buffer scope opened by {0} is {1}: open it in a using statement or declaration so that it ends",
        "SmosSharp.Ipc",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A scope that is never disposed keeps the IPC buffer borrowed: every later system call on the thread stops it (docs/ipc.md). Scopes belong in a using, in the method that opens them.",
        helpLinkUri: HelpBase + "smos002");

    public static readonly DiagnosticDescriptor ScopeEscape = new(
        ScopeEscapeId,
        "IPC-buffer scope or span used outside the scope",
        "This {0}: {1}",
        "SmosSharp.Ipc",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A scope's spans and copies carry no run-time check (that is what keeps a scope to a few instructions), so using one after the scope ended is rejected here instead (docs/ipc.md). At run time only a use through the ended scope variable itself stops the thread with UseAfterEnd.",
        helpLinkUri: HelpBase + "smos007");

    public static readonly DiagnosticDescriptor PlainSharedAccess = new(
        PlainSharedAccessId,
        "Plain access to shared memory",
        "Plain {0} of shared memory through '{1}': use a VolatileSpan<T> or VolatileAccess.Read/Write",
        "SmosSharp.Memory",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Memory written by another party (the kernel, another process, a device) must be read and written with volatile accesses, or the compiler may cache, fuse or drop them (docs/ipc.md).",
        helpLinkUri: HelpBase + "smos003");

    public static readonly DiagnosticDescriptor AllocationInServerLoop = new(
        AllocationInServerLoopId,
        "Allocation in a server's request loop",
        "{0} allocates inside a server's request loop: the collector frees it, but every request pays for the allocation and its share of collections; allocate before the loop where it is easy",
        "SmosSharp.Runtime",
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A hint, not an error: the runtime collects garbage (docs/runtime.md), but a server's hot path is cheaper without allocations.",
        helpLinkUri: HelpBase + "smos005");

    public static readonly DiagnosticDescriptor UnsupportedFeature = new(
        UnsupportedFeatureId,
        "C# the SmosSharp runtime does not support",
        "{0} is not supported by the SmosSharp runtime: {1}",
        "SmosSharp.Runtime",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The bare-metal runtime (kernel-glue/corelib) has no Task machinery, runtime binder, reflection metadata, type loader, Monitor, finalizer thread, Activator, multi-dimensional array helpers, interop marshalling or fmod (docs/runtime.md). Such code would fail later with a missing-type error, inside ILC or at the link; this names the feature and what to write instead.",
        helpLinkUri: HelpBase + "smos006");
}
