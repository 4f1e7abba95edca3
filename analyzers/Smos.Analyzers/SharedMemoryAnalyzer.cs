// SMOS003: a plain (non-volatile) load or store through a pointer whose value comes from a shared-memory source.
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Smos.Analyzers;

/// <summary>
/// Flags <c>*p</c>, <c>p[i]</c> and <c>p-&gt;f</c> used as a load or store when <c>p</c> is shared memory: it comes
/// (in the same method) from something marked <c>[SharedMemory]</c> (a method's result, an out parameter, a field,
/// property or parameter, or any pointer to a struct type marked with it), or the method also hands the same local to a
/// <c>VolatileSpan</c> constructor. Taking an address (<c>&amp;p-&gt;f</c>) or a reference (<c>ref *p</c>) is not an access.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedMemoryAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PlainSharedAccess);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!SmosApi.IsExemptAssembly(start.Compilation))
            {
                start.RegisterSemanticModelAction(Analyze);
            }
        });
    }

    private static void Analyze(SemanticModelAnalysisContext context)
    {
        SemanticModel model = context.SemanticModel;
        SyntaxNode root = model.SyntaxTree.GetRoot(context.CancellationToken);
        var tracker = new SharedTracker(model);
        var accesses = new List<ExpressionSyntax>();
        var flows = new List<(ISymbol Target, ExpressionSyntax Value)>();
        foreach (SyntaxNode node in root.DescendantNodes())
        {
            switch (node)
            {
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PointerIndirectionExpression } deref:
                    accesses.Add(deref);
                    break;
                case MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.PointerMemberAccessExpression } arrow:
                    accesses.Add(arrow);
                    break;
                case ElementAccessExpressionSyntax element when model.GetTypeInfo(element.Expression).Type is IPointerTypeSymbol:
                    accesses.Add(element);
                    break;
                case VariableDeclaratorSyntax { Initializer.Value: { } value } declarator when model.GetDeclaredSymbol(declarator) is ILocalSymbol local:
                    flows.Add((local, value));
                    break;
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                    when model.GetSymbolInfo(assignment.Left).Symbol is ILocalSymbol or IParameterSymbol:
                    flows.Add((model.GetSymbolInfo(assignment.Left).Symbol!, assignment.Right));
                    break;
                case BaseObjectCreationExpressionSyntax creation:
                    tracker.NoteVolatileSpanCreation(creation);
                    break;
                case InvocationExpressionSyntax invocation:
                    tracker.NoteSharedOutArguments(invocation);
                    break;
            }
        }

        // Flow-insensitive: a local is shared if any value assigned to it is (until nothing changes).
        bool changed = true;
        for (int round = 0; changed && round < 8; round++)
        {
            changed = false;
            foreach ((ISymbol target, ExpressionSyntax value) in flows)
            {
                if (!tracker.IsSharedSymbol(target) && tracker.IsShared(value))
                {
                    tracker.MarkShared(target);
                    changed = true;
                }
            }
        }

        foreach (ExpressionSyntax access in accesses)
        {
            ExpressionSyntax pointer = access switch
            {
                PrefixUnaryExpressionSyntax deref => deref.Operand,
                MemberAccessExpressionSyntax arrow => arrow.Expression,
                _ => ((ElementAccessExpressionSyntax)access).Expression,
            };
            if (tracker.IsShared(pointer) && AccessKind(access) is { } kind)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.PlainSharedAccess, access.GetLocation(), kind, pointer.ToString()));
            }
        }
    }

    /// <summary>"read", "write" or "read and write" for an access; null when only its address or a reference is taken.</summary>
    private static string? AccessKind(ExpressionSyntax access)
    {
        ExpressionSyntax top = access;
        while (top.Parent is ParenthesizedExpressionSyntax ||
            (top.Parent is MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } m && m.Expression == top) ||
            (top.Parent is ElementAccessExpressionSyntax e && e.Expression == top))
        {
            top = (ExpressionSyntax)top.Parent;
        }

        switch (top.Parent)
        {
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression }:
            case RefExpressionSyntax:
            case ArgumentSyntax a when !a.RefKindKeyword.IsKind(SyntaxKind.None):
                return null;
            case AssignmentExpressionSyntax assignment when assignment.Left == top:
                return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) ? "write" : "read and write";
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }:
            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }:
                return "read and write";
            default:
                return "read";
        }
    }
}
