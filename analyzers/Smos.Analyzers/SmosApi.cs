// How the analyzers recognise SmosSharp's API: scope types, system calls, marker attributes, and function boundaries.
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Smos.Analyzers;

/// <summary>
/// Symbol rules shared by the analyzers. Types are matched by name in namespace <c>Smos.Sel4</c> (no attributes needed
/// on kernel-glue); <c>[SystemCall]</c> and <c>[SharedMemory]</c> are matched by attribute class name in any namespace.
/// </summary>
internal static class SmosApi
{
    /// <summary>Types of Smos.Sel4 whose ordinary methods are system calls or kernel invocations.</summary>
    private static readonly HashSet<string> SystemCallTypes = new()
    {
        "Endpoint", "Notification", "Scheduler", "Debug", "Untyped", "CNode", "Tcb", "Page", "PageTable",
        "AsidControl", "AsidPool", "IrqControl", "IrqHandler", "Kernel", "Syscalls",
    };

    public const string SystemCallAttribute = "SystemCallAttribute";
    public const string SharedMemoryAttribute = "SharedMemoryAttribute";

    public static bool IsInSel4(ISymbol? symbol)
    {
        INamespaceSymbol? ns = symbol?.ContainingNamespace;
        return ns is { Name: "Sel4" } && ns.ContainingNamespace is { Name: "Smos" } outer && outer.ContainingNamespace is { IsGlobalNamespace: true };
    }

    /// <summary>IpcWriter or IpcReader of Smos.Sel4.</summary>
    public static bool IsScopeType(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "IpcWriter" or "IpcReader" } named && IsInSel4(named);

    /// <summary>
    /// The scope API of Smos.Sel4 (Ipc, IpcWriter, IpcReader, VolatileSpan, ReadOnlyVolatileSpan): what code uses inside a
    /// scope. SMOS001 judges its methods by the name rules only and never follows them into their bodies (where the
    /// guard's violation path stops the thread through kernel calls).
    /// </summary>
    public static bool IsScopeApi(INamedTypeSymbol? type) =>
        type is { Name: "Ipc" or "IpcWriter" or "IpcReader" or "VolatileSpan" or "ReadOnlyVolatileSpan" } && IsInSel4(type);

    /// <summary>VolatileSpan&lt;T&gt; or ReadOnlyVolatileSpan&lt;T&gt; of Smos.Sel4.</summary>
    public static bool IsVolatileSpanType(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "VolatileSpan" or "ReadOnlyVolatileSpan" } named && IsInSel4(named);

    /// <summary>
    /// The display name ("Endpoint.Call") when <paramref name="method"/> is a system call, IPC operation or kernel
    /// invocation; otherwise null. <c>Endpoint.TryCall</c> is not one: it returns CallWhileBorrowed instead of calling.
    /// </summary>
    public static string? SystemCallName(IMethodSymbol? method)
    {
        if (method is null || method.MethodKind != MethodKind.Ordinary)
        {
            return null;
        }

        method = method.ReducedFrom ?? method;
        INamedTypeSymbol type = method.ContainingType;
        if (HasAttribute(method, SystemCallAttribute))
        {
            return type.Name + "." + method.Name;
        }

        if (!IsInSel4(type))
        {
            return null;
        }

        if (type.Name == "Ipc")
        {
            return method.Name == "Reply" ? "Ipc.Reply" : null;
        }

        if (type.Name == "Endpoint" && method.Name == "TryCall")
        {
            return null;
        }

        bool returnsResult = method.ReturnType is INamedTypeSymbol { Name: "Sel4Result" } r && IsInSel4(r);
        return SystemCallTypes.Contains(type.Name) || returnsResult ? type.Name + "." + method.Name : null;
    }

    /// <summary>Endpoint.Recv or Endpoint.ReplyRecv: the call a server loop waits in.</summary>
    public static bool IsReceive(IMethodSymbol? method) =>
        method is { MethodKind: MethodKind.Ordinary, Name: "Recv" or "ReplyRecv", ContainingType: { Name: "Endpoint" } type } && IsInSel4(type);

    public static bool HasAttribute(ISymbol symbol, string attributeClassName) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.Name == attributeClassName);

    /// <summary>True when a symbol yields shared memory: it, its return value or (for a pointer) its pointed-at type is marked.</summary>
    public static bool IsMarkedShared(ISymbol? symbol)
    {
        switch (symbol)
        {
            case null:
                return false;
            case IMethodSymbol method:
                return HasAttribute(method, SharedMemoryAttribute) ||
                    method.GetReturnTypeAttributes().Any(a => a.AttributeClass?.Name == SharedMemoryAttribute);
            case IFieldSymbol or IPropertySymbol or IParameterSymbol:
                return HasAttribute(symbol, SharedMemoryAttribute);
            default:
                return false;
        }
    }

    /// <summary>A pointer to a struct marked [SharedMemory] (a layout that only ever lives in shared memory).</summary>
    public static bool IsPointerToSharedType(ITypeSymbol? type) =>
        type is IPointerTypeSymbol { PointedAtType: { } pointed } && HasAttribute(pointed, SharedMemoryAttribute);

    /// <summary>
    /// The function a node belongs to: the nearest method, accessor, local function, lambda or member; top-level
    /// statements belong to the compilation unit. Code in a nested lambda or local function is not part of its parent.
    /// </summary>
    public static SyntaxNode FunctionOf(SyntaxNode node)
    {
        for (SyntaxNode? n = node; n is not null; n = n.Parent)
        {
            switch (n)
            {
                case LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax:
                    return n;
                case GlobalStatementSyntax:
                    return n.Parent!;
                case MemberDeclarationSyntax or CompilationUnitSyntax:
                    return n;
            }
        }

        return node;
    }

    /// <summary>The innermost statement list (block, switch section or compilation unit) that holds <paramref name="node"/>.</summary>
    public static SyntaxNode? EnclosingStatementList(SyntaxNode node)
    {
        for (SyntaxNode? n = node.Parent; n is not null; n = n.Parent)
        {
            if (n is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax)
            {
                return n;
            }

            if (n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax and not GlobalStatementSyntax)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Skips parentheses (and the null-forgiving operator) upwards: the node whose parent gives the context.</summary>
    public static ExpressionSyntax WalkUpParentheses(ExpressionSyntax expression)
    {
        while (expression.Parent is ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
        {
            expression = (ExpressionSyntax)expression.Parent;
        }

        return expression;
    }

    /// <summary>True when the source is compiled for the target (the parse options define SMOS_TARGET).</summary>
    public static bool IsTargetBuild(SyntaxTree tree) =>
        tree.Options is CSharpParseOptions options && options.PreprocessorSymbolNames.Contains("SMOS_TARGET");

    /// <summary>The corelib (assembly Smos.CoreLib) is exempt: its intrinsic stubs throw by design.</summary>
    public static bool IsExemptAssembly(Compilation compilation) => compilation.AssemblyName == "Smos.CoreLib";
}
