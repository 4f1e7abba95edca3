// The IPC-scope model, part 2: how a scope-opening call is held (using, local, discarded...) and the text range it is open.
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Smos.Analyzers;

internal sealed partial class ScopeModel
{
    /// <summary>A call whose result is a scope: classify where the result goes.</summary>
    private void AddResultOpen(InvocationExpressionSyntax invocation, string openName, SyntaxNode function)
    {
        ExpressionSyntax e = SmosApi.WalkUpParentheses(invocation);
        switch (e.Parent)
        {
            case UsingStatementSyntax u when u.Expression == e:
                Add(new ScopeOpen(invocation, openName, ScopeForm.UsingStatement, null, function) { Anchor = u, RangeStart = u.Statement.SpanStart, RangeEnd = u.Statement.Span.End });
                break;
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }:
                AddDeclared(invocation, openName, function, declarator);
                break;
            case AssignmentExpressionSyntax a when a.Right == e && a.IsKind(SyntaxKind.SimpleAssignmentExpression):
                AddAssigned(invocation, openName, function, a.Left, e.Span.End);
                break;
            case ExpressionStatementSyntax:
                Add(new ScopeOpen(invocation, openName, ScopeForm.Discarded, null, function));
                break;
            case ReturnStatementSyntax:
                Add(new ScopeOpen(invocation, openName, ScopeForm.Returned, null, function));
                break;
            case ArrowExpressionClauseSyntax or LambdaExpressionSyntax:
                bool returnsVoid = FunctionReturnsVoid(function);
                Add(new ScopeOpen(invocation, openName, returnsVoid ? ScopeForm.Discarded : ScopeForm.Returned, null, function));
                break;
            case MemberAccessExpressionSyntax m when m.Expression == e:
                ScopeForm form = m.Name.Identifier.Text == "Dispose" ? ScopeForm.Other : ScopeForm.Temporary;
                Add(new ScopeOpen(invocation, openName, form, null, function));
                break;
            default:
                Add(new ScopeOpen(invocation, openName, ScopeForm.Other, null, function));
                break;
        }
    }

    /// <summary>An out argument of a scope type (<c>Ipc.TryWrite(out var w)</c>).</summary>
    private void AddOutOpen(InvocationExpressionSyntax invocation, ArgumentSyntax argument, string openName, SyntaxNode function)
    {
        switch (argument.Expression)
        {
            case DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax designation }:
                var local = _model.GetDeclaredSymbol(designation) as ILocalSymbol;
                Add(new ScopeOpen(invocation, openName, ScopeForm.Local, local, function) { RangeStart = invocation.Span.End });
                break;
            case DeclarationExpressionSyntax:
                Add(new ScopeOpen(invocation, openName, ScopeForm.Discarded, null, function));
                break;
            default:
                AddAssigned(invocation, openName, function, argument.Expression, invocation.Span.End);
                break;
        }
    }

    private void AddDeclared(InvocationExpressionSyntax invocation, string openName, SyntaxNode function, VariableDeclaratorSyntax declarator)
    {
        var local = _model.GetDeclaredSymbol(declarator) as ILocalSymbol;
        switch (declarator.Parent?.Parent)
        {
            case UsingStatementSyntax u:
                Add(new ScopeOpen(invocation, openName, ScopeForm.UsingStatement, local, function) { Anchor = u, RangeStart = u.Statement.SpanStart, RangeEnd = u.Statement.Span.End });
                break;
            case LocalDeclarationStatementSyntax s:
                ScopeForm form = s.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) ? ScopeForm.UsingDeclaration : ScopeForm.Local;
                Add(new ScopeOpen(invocation, openName, form, local, function) { Anchor = s, RangeStart = s.Span.End, RangeEnd = ListEnd(s) });
                break;
            default:
                Add(new ScopeOpen(invocation, openName, ScopeForm.Field, null, function));
                break;
        }
    }

    private void AddAssigned(InvocationExpressionSyntax invocation, string openName, SyntaxNode function, ExpressionSyntax target, int start)
    {
        ISymbol? symbol = _model.GetSymbolInfo(target).Symbol;
        ScopeForm form = symbol switch
        {
            ILocalSymbol => ScopeForm.Local,
            IFieldSymbol or IPropertySymbol => ScopeForm.Field,
            IParameterSymbol => ScopeForm.Returned,
            IDiscardSymbol => ScopeForm.Discarded,
            _ => target is IdentifierNameSyntax { Identifier.Text: "_" } ? ScopeForm.Discarded : ScopeForm.Other,
        };
        Add(new ScopeOpen(invocation, openName, form, symbol as ILocalSymbol, function) { RangeStart = start });
    }

    private void Add(ScopeOpen open) => Opens.Add(open);

    /// <summary>
    /// Ends a scope's range at its local's first Dispose() or hand-over after the open, else at the end of the
    /// local's block (a using declaration) or the statement list that declares the local (a plain local).
    /// </summary>
    private void FinishRange(ScopeOpen open)
    {
        if (open.Form is not (ScopeForm.UsingStatement or ScopeForm.UsingDeclaration or ScopeForm.Local))
        {
            open.RangeEnd = open.RangeStart;
            return;
        }

        if (open.Form == ScopeForm.Local && open.RangeEnd == 0)
        {
            SyntaxNode? declaration = open.Local?.DeclaringSyntaxReferences.Length > 0 ? open.Local.DeclaringSyntaxReferences[0].GetSyntax() : null;
            open.RangeEnd = declaration is null ? open.Function.Span.End : ListEnd(declaration);
        }

        if (open.Local is not null && _releases.TryGetValue(open.Local, out List<int>? releases))
        {
            foreach (int position in releases)
            {
                if (position >= open.RangeStart && position < open.RangeEnd)
                {
                    open.RangeEnd = position;
                }
            }
        }
    }

    /// <summary>Where the statement list holding <paramref name="node"/> ends (before a block's closing brace).</summary>
    private static int ListEnd(SyntaxNode node)
    {
        SyntaxNode? list = SmosApi.EnclosingStatementList(node);
        return list switch
        {
            BlockSyntax block => block.CloseBraceToken.SpanStart,
            null => SmosApi.FunctionOf(node).Span.End,
            _ => list.Span.End,
        };
    }

    private bool FunctionReturnsVoid(SyntaxNode function)
    {
        ISymbol? symbol = function is AnonymousFunctionExpressionSyntax ? _model.GetSymbolInfo(function).Symbol : _model.GetDeclaredSymbol(function);
        return symbol is IMethodSymbol { ReturnsVoid: true };
    }
}
