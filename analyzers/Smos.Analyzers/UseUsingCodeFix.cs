// Code fix for SMOS002: a scope local that is never disposed becomes a using declaration (`using var w = Ipc.Write();`).
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Smos.Analyzers;

/// <summary>
/// Adds <c>using</c> to the declaration of a scope local that is never disposed, so the scope ends with its block.
/// Offered only for a single-variable declaration that is never reassigned (the analyzer checks that).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseUsingCodeFix))]
public sealed class UseUsingCodeFix : CodeFixProvider
{
    public const string Title = "Declare the IPC-buffer scope with using";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.ScopeNotDisposedId);

    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Diagnostic diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.ContainsKey(IpcScopeAnalyzer.CanUseUsingKey) || IpcScopeAnalyzer.AnchorOf(diagnostic) is not { } anchorSpan)
        {
            return;
        }

        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(anchorSpan) is not LocalDeclarationStatementSyntax declaration)
        {
            return;
        }

        SyntaxTriviaList leading = declaration.GetLeadingTrivia();
        LocalDeclarationStatementSyntax withUsing = declaration
            .WithoutLeadingTrivia()
            .WithUsingKeyword(Token(leading, SyntaxKind.UsingKeyword, TriviaList(Space)));
        SyntaxNode newRoot = root.ReplaceNode(declaration, withUsing);
        context.RegisterCodeFix(
            CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(newRoot)), nameof(UseUsingCodeFix)),
            diagnostic);
    }
}
