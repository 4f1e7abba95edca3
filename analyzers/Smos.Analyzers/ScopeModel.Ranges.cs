// The IPC-scope model, part 2: how a scope-opening call is held (using, local, discarded...) and the text range it is open.
using System.Collections.Generic;
using System.Linq;
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
    /// Each parameter of a scope type (by value, <c>in</c> or <c>ref</c>) is a scope open in the whole body: the caller
    /// opened it, and the function holds it while it runs.
    /// </summary>
    private void AddParameterOpens(SyntaxNode function)
    {
        ParameterListSyntax? list = function switch
        {
            BaseMethodDeclarationSyntax m => m.ParameterList,
            LocalFunctionStatementSyntax f => f.ParameterList,
            ParenthesizedLambdaExpressionSyntax l => l.ParameterList,
            AnonymousMethodExpressionSyntax a => a.ParameterList,
            _ => null,
        };
        if (list is null ? function is not SimpleLambdaExpressionSyntax : list.Parameters.Count == 0)
        {
            return;
        }

        SyntaxNode? body = function switch
        {
            BaseMethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
            LocalFunctionStatementSyntax f => (SyntaxNode?)f.Body ?? f.ExpressionBody,
            AnonymousFunctionExpressionSyntax a => a.Body,
            _ => null,
        };
        if (body is null)
        {
            return;
        }

        ISymbol? symbol = function is AnonymousFunctionExpressionSyntax ? _model.GetSymbolInfo(function).Symbol : _model.GetDeclaredSymbol(function);
        if (symbol is not IMethodSymbol method)
        {
            return;
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.Out && SmosApi.IsScopeType(parameter.Type) &&
                parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is { } declaration)
            {
                Add(new ScopeOpen(declaration, "parameter '" + parameter.Name + "'", ScopeForm.Parameter, null, function)
                {
                    Parameter = parameter,
                    RangeStart = body.SpanStart,
                    RangeEnd = body.Span.End,
                });
            }
        }
    }

    /// <summary>
    /// Ends a scope's range at its local's or parameter's first Dispose() after the open (or, for a plain local, its
    /// first hand-over), else at the end of the using statement, the local's block (a using declaration), the statement
    /// list that declares the local (a plain local) or the function's body (a parameter).
    /// </summary>
    private void FinishRange(ScopeOpen open)
    {
        if (open.Form is not (ScopeForm.UsingStatement or ScopeForm.UsingDeclaration or ScopeForm.Local or ScopeForm.Parameter))
        {
            open.RangeEnd = open.RangeStart;
            return;
        }

        if (open.Form == ScopeForm.Local && open.RangeEnd == 0)
        {
            SyntaxNode? declaration = open.Local?.DeclaringSyntaxReferences.Length > 0 ? open.Local.DeclaringSyntaxReferences[0].GetSyntax() : null;
            open.RangeEnd = declaration is null ? open.Function.Span.End : ListEnd(declaration);
        }

        // A Dispose() ends any scope, also handing it to a method that disposes it; handing a plain local to any method
        // gives the scope away (the callee owns it), while a using or a parameter still holds it (the callee is checked
        // with it open as its parameter).
        ISymbol? symbol = (ISymbol?)open.Local ?? open.Parameter;
        if (symbol is not null)
        {
            EndAtFirst(open, _disposals, symbol);
            if (open.Form == ScopeForm.Local)
            {
                EndAtFirst(open, _handovers, symbol);
            }
        }
    }

    private static void EndAtFirst(ScopeOpen open, Dictionary<ISymbol, List<int>> positions, ISymbol symbol)
    {
        if (positions.TryGetValue(symbol, out List<int>? list))
        {
            foreach (int position in list)
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
