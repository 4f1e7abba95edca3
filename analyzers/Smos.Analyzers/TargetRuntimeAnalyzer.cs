// SMOS004: throw statements and expressions, and catch clauses, in code compiled for the target (SMOS_TARGET defined).
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Smos.Analyzers;

/// <summary>
/// The bare-metal runtime has no unwinder: a throw is a panic and nothing is ever caught (docs/runtime.md). Reported
/// only where the parse options define SMOS_TARGET (kernel-glue/Target.props), never in the corelib (Smos.CoreLib),
/// whose intrinsic stubs throw by design. <c>try</c>/<c>finally</c> without catch is allowed: it is what <c>using</c> is.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TargetRuntimeAnalyzer : DiagnosticAnalyzer
{
    private const string ThrowAdvice = "a throw is a panic that stops the thread: return a result value instead";
    private const string CatchAdvice = "nothing is ever caught: remove the try/catch and return result values";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ExceptionOnTarget);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (SmosApi.IsExemptAssembly(start.Compilation))
            {
                return;
            }

            start.RegisterSyntaxNodeAction(
                AnalyzeNode,
                SyntaxKind.ThrowStatement,
                SyntaxKind.ThrowExpression,
                SyntaxKind.CatchClause);
        });
    }

    private static void AnalyzeNode(SyntaxNodeAnalysisContext context)
    {
        if (!SmosApi.IsTargetBuild(context.Node.SyntaxTree))
        {
            return;
        }

        switch (context.Node)
        {
            case ThrowStatementSyntax statement:
                Report(context, statement.GetLocation(), "throw", ThrowAdvice);
                break;
            case ThrowExpressionSyntax expression:
                Report(context, expression.GetLocation(), "throw", ThrowAdvice);
                break;
            case CatchClauseSyntax clause:
                Location location = clause.Declaration is { } declaration
                    ? Location.Create(clause.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(clause.CatchKeyword.SpanStart, declaration.Span.End))
                    : clause.CatchKeyword.GetLocation();
                Report(context, location, "catch", CatchAdvice);
                break;
        }
    }

    private static void Report(SyntaxNodeAnalysisContext context, Location location, string what, string advice) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.ExceptionOnTarget, location, what, advice));
}
