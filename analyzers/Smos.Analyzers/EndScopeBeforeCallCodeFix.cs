// Code fix for SMOS001: end the IPC-buffer scope before the call (the call and everything after it leave the scope).
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Smos.Analyzers;

/// <summary>
/// Splits the scope at the statement holding the call: <c>using (var w = Ipc.Write()) { a; call; b; }</c> becomes
/// <c>using (var w = Ipc.Write()) { a; } call; b;</c>, and a <c>using var</c> declaration becomes a using statement
/// around the statements before the call. Locals declared before the call and used after it are declared before the
/// scope. Not offered when a moved statement uses the scope itself.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EndScopeBeforeCallCodeFix))]
public sealed class EndScopeBeforeCallCodeFix : CodeFixProvider
{
    public const string Title = "End the IPC-buffer scope before the call";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.CallInScopeId);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Diagnostic diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.ContainsKey(IpcScopeAnalyzer.ScopeFormKey) || IpcScopeAnalyzer.AnchorOf(diagnostic) is not { } anchorSpan)
        {
            return;
        }

        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        SyntaxNode anchor = root.FindNode(anchorSpan);
        SyntaxNode call = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (Split(model, root, anchor, call, context.CancellationToken) is { } newRoot)
        {
            context.RegisterCodeFix(
                CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(newRoot)), nameof(EndScopeBeforeCallCodeFix)),
                diagnostic);
        }
    }

    private static SyntaxNode? Split(SemanticModel model, SyntaxNode root, SyntaxNode anchor, SyntaxNode call, CancellationToken token)
    {
        if (anchor is UsingStatementSyntax { Parent: { } usingParent and (BlockSyntax or SwitchSectionSyntax) } usingStatement)
        {
            SyntaxList<StatementSyntax> body = usingStatement.Statement is BlockSyntax block ? block.Statements : SingletonList(usingStatement.Statement);
            int k = IndexOfContaining(body, call);
            string? scopeName = usingStatement.Declaration?.Variables.FirstOrDefault()?.Identifier.Text;
            if (k < 0 || !TryHoist(model, body.Take(k).ToList(), body.Skip(k).ToList(), scopeName, token, out List<StatementSyntax> kept, out List<StatementSyntax> hoisted))
            {
                return null;
            }

            BlockSyntax newBody = usingStatement.Statement is BlockSyntax original ? original.WithStatements(List(kept)) : Block(kept);
            StatementSyntax scope = usingStatement.WithStatement(newBody).WithAdditionalAnnotations(Formatter.Annotation);
            SyntaxList<StatementSyntax> list = StatementsOf(usingStatement.Parent);
            int at = list.IndexOf(usingStatement);
            return Replace(root, usingParent, list, at, at + 1, hoisted, scope, body.Skip(k).ToList());
        }

        if (anchor is LocalDeclarationStatementSyntax { Parent: { } declarationParent and (BlockSyntax or SwitchSectionSyntax) } declaration &&
            declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
        {
            SyntaxList<StatementSyntax> list = StatementsOf(declaration.Parent);
            int at = list.IndexOf(declaration);
            int k = IndexOfContaining(list, call);
            string scopeName = declaration.Declaration.Variables[0].Identifier.Text;
            if (k <= at || !TryHoist(model, list.Skip(at + 1).Take(k - at - 1).ToList(), list.Skip(k).ToList(), scopeName, token, out List<StatementSyntax> kept, out List<StatementSyntax> hoisted))
            {
                return null;
            }

            StatementSyntax scope = UsingStatement(declaration.Declaration.WithoutTrivia(), null, Block(kept))
                .WithLeadingTrivia(declaration.GetLeadingTrivia())
                .WithTrailingTrivia(declaration.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            return Replace(root, declarationParent, list, at, list.Count, hoisted, scope, list.Skip(k).ToList());
        }

        return null;
    }

    /// <summary>Replaces statements [from, to) of the list with: hoisted declarations, the scope, the moved statements.</summary>
    private static SyntaxNode Replace(SyntaxNode root, SyntaxNode container, SyntaxList<StatementSyntax> list, int from, int to,
        List<StatementSyntax> hoisted, StatementSyntax scope, List<StatementSyntax> moved)
    {
        var result = new List<StatementSyntax>(list.Take(from));
        result.AddRange(hoisted);
        result.Add(scope);
        for (int i = 0; i < moved.Count; i++)
        {
            StatementSyntax statement = moved[i];
            if (i == 0)
            {
                // A blank line between the scope's end and the call, as in docs/ipc.md.
                statement = statement.WithLeadingTrivia(statement.GetLeadingTrivia().Insert(0, EndOfLine("\n")));
            }

            result.Add(statement.WithAdditionalAnnotations(Formatter.Annotation));
        }

        result.AddRange(list.Skip(to));
        SyntaxNode newContainer = container is BlockSyntax block
            ? block.WithStatements(List(result))
            : ((SwitchSectionSyntax)container).WithStatements(List(result));
        return root.ReplaceNode(container, newContainer);
    }

    private static SyntaxList<StatementSyntax> StatementsOf(SyntaxNode? container) =>
        container is BlockSyntax block ? block.Statements : ((SwitchSectionSyntax)container!).Statements;

    private static int IndexOfContaining(SyntaxList<StatementSyntax> statements, SyntaxNode node)
    {
        for (int i = 0; i < statements.Count; i++)
        {
            if (statements[i].Span.Contains(node.Span))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Checks the moved statements do not use the scope, and turns declarations among the kept statements that the moved
    /// ones use into assignments, with the declaration hoisted before the scope. False when that is not possible.
    /// </summary>
    private static bool TryHoist(SemanticModel model, List<StatementSyntax> before, List<StatementSyntax> moved, string? scopeName,
        CancellationToken token, out List<StatementSyntax> kept, out List<StatementSyntax> hoisted)
    {
        kept = new List<StatementSyntax>();
        hoisted = new List<StatementSyntax>();
        var used = new HashSet<string>(moved.SelectMany(s => s.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()).Select(n => n.Identifier.Text));
        if (scopeName is not null && used.Contains(scopeName))
        {
            return false;
        }

        foreach (StatementSyntax statement in before)
        {
            if (statement is LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } local &&
                local.Declaration.Variables[0] is var variable && used.Contains(variable.Identifier.Text) && local.Modifiers.Count == 0 && !local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) &&
                local.Declaration.Type is not RefTypeSyntax)
            {
                TypeSyntax type = local.Declaration.Type;
                if (type.IsVar)
                {
                    if (variable.Initializer is null || model.GetTypeInfo(variable.Initializer.Value, token).Type is not { } inferred)
                    {
                        return false;
                    }

                    type = ParseTypeName(inferred.ToMinimalDisplayString(model, local.SpanStart));
                }

                hoisted.Add(LocalDeclarationStatement(VariableDeclaration(type.WithoutTrivia(), SingletonSeparatedList(VariableDeclarator(variable.Identifier.WithoutTrivia()))))
                    .WithAdditionalAnnotations(Formatter.Annotation));
                if (variable.Initializer is not null)
                {
                    kept.Add(ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(variable.Identifier.WithoutTrivia()), variable.Initializer.Value.WithoutTrivia()))
                        .WithTriviaFrom(local));
                }

                continue;
            }

            bool declaresUsed = statement.DescendantNodesAndSelf().Any(n =>
                (n is VariableDeclaratorSyntax v && used.Contains(v.Identifier.Text)) ||
                (n is SingleVariableDesignationSyntax d && used.Contains(d.Identifier.Text)));
            if (declaresUsed)
            {
                return false;
            }

            kept.Add(statement);
        }

        return true;
    }
}
