// The IPC-scope model of one syntax tree: where each Ipc.Write()/Ipc.Read() scope is open, and the system calls in it.
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Smos.Analyzers;

/// <summary>How the result of a scope-opening call is held.</summary>
internal enum ScopeForm
{
    /// <summary><c>using (var w = Ipc.Write()) { ... }</c> or <c>using (Ipc.Write()) { ... }</c>.</summary>
    UsingStatement,

    /// <summary><c>using var w = Ipc.Write();</c>: open to the end of the enclosing block.</summary>
    UsingDeclaration,

    /// <summary>A local without using (<c>var w = ...</c>, <c>w = ...</c>, <c>out var w</c>): open until <c>w.Dispose()</c>.</summary>
    Local,
    Discarded,
    Returned,
    Field,

    /// <summary>Used as a receiver (<c>Ipc.Read().GetMr(0)</c>) and then lost.</summary>
    Temporary,

    /// <summary>Passed by value to another method, which owns it from then on; or a context the analyzer does not judge.</summary>
    Other,

    /// <summary>A parameter of a scope type: open for the whole body of the function, up to its first <c>Dispose()</c> there.</summary>
    Parameter,
}

/// <summary>One scope opened by a call (or an out argument of it).</summary>
internal sealed class ScopeOpen
{
    public ScopeOpen(SyntaxNode open, string openName, ScopeForm form, ILocalSymbol? local, SyntaxNode function)
    {
        Open = open;
        OpenName = openName;
        Form = form;
        Local = local;
        Function = function;
    }

    /// <summary>The opening call, or the parameter's declaration.</summary>
    public SyntaxNode Open { get; }

    /// <summary>"Ipc.Write()" or "Ipc.TryWrite(out ...)"; for a parameter, "parameter 'w'".</summary>
    public string OpenName { get; }

    public ScopeForm Form { get; }

    public ILocalSymbol? Local { get; }

    /// <summary>The parameter, for <see cref="ScopeForm.Parameter"/>.</summary>
    public IParameterSymbol? Parameter { get; set; }

    public SyntaxNode Function { get; }

    /// <summary>The using statement or local declaration statement that holds the scope (for code fixes), if any.</summary>
    public SyntaxNode? Anchor { get; set; }

    /// <summary>Text positions [RangeStart, RangeEnd) in which the scope is open; empty when not tracked.</summary>
    public int RangeStart { get; set; }

    public int RangeEnd { get; set; }

    public string Describe() => Local is not null ? "'" + Local.Name + "'" : Parameter is not null ? "'" + Parameter.Name + "'" : "opened by " + OpenName;
}

/// <summary>A system call made directly in <see cref="Function"/>.</summary>
internal readonly struct SystemCall
{
    public SystemCall(InvocationExpressionSyntax call, string name, SyntaxNode function)
    {
        Call = call;
        Name = name;
        Function = function;
    }

    public InvocationExpressionSyntax Call { get; }

    public string Name { get; }

    public SyntaxNode Function { get; }
}

/// <summary>Builds the scope model of a tree from one walk over its invocations.</summary>
internal sealed partial class ScopeModel
{
    private readonly SemanticModel _model;
    private readonly Dictionary<ISymbol, List<int>> _disposals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, List<int>> _handovers = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _returned = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _stored = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _reassigned = new(SymbolEqualityComparer.Default);

    private readonly System.Func<IMethodSymbol, IParameterSymbol, bool>? _calleeDisposes;

    private ScopeModel(SemanticModel model, System.Func<IMethodSymbol, IParameterSymbol, bool>? calleeDisposes)
    {
        _model = model;
        _calleeDisposes = calleeDisposes;
    }

    public List<ScopeOpen> Opens { get; } = new();

    public List<SystemCall> Calls { get; } = new();

    /// <param name="calleeDisposes">True when the method disposes that scope parameter in its body: handing a scope to it ends the scope there.</param>
    public static ScopeModel Build(
        SemanticModel model, SyntaxNode root, System.Threading.CancellationToken token, System.Func<IMethodSymbol, IParameterSymbol, bool>? calleeDisposes = null)
    {
        var scopeModel = new ScopeModel(model, calleeDisposes);
        foreach (SyntaxNode node in root.DescendantNodes())
        {
            token.ThrowIfCancellationRequested();
            switch (node)
            {
                case InvocationExpressionSyntax invocation:
                    scopeModel.AddInvocation(invocation);
                    break;
                case ReturnStatementSyntax { Expression: { } e }:
                    scopeModel.NoteEscape(e, scopeModel._returned);
                    break;
                case ArrowExpressionClauseSyntax { Expression: { } e }:
                    scopeModel.NoteEscape(e, scopeModel._returned);
                    break;
                case AssignmentExpressionSyntax assignment:
                    scopeModel.NoteAssignment(assignment);
                    break;
                case UsingStatementSyntax { Expression: { } e }:
                    scopeModel.NoteRelease(e, node.Span.End, scopeModel._disposals);
                    break;
                case BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax:
                    scopeModel.AddParameterOpens(node);
                    break;
            }
        }

        foreach (ScopeOpen open in scopeModel.Opens)
        {
            scopeModel.FinishRange(open);
        }

        return scopeModel;
    }

    /// <summary>True when the local is disposed or handed to another method anywhere in the tree.</summary>
    public bool IsReleased(ILocalSymbol local) => _disposals.ContainsKey(local) || _handovers.ContainsKey(local);

    public bool IsReturned(ILocalSymbol local) => _returned.Contains(local);

    public bool IsStoredInField(ILocalSymbol local) => _stored.Contains(local);

    /// <summary>True when the local is assigned after its declaration or passed by ref/out (a using local cannot be).</summary>
    public bool IsReassigned(ILocalSymbol local) => _reassigned.Contains(local);

    private void AddInvocation(InvocationExpressionSyntax invocation)
    {
        if (_model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method)
        {
            return;
        }

        SyntaxNode function = SmosApi.FunctionOf(invocation);
        string? callName = SmosApi.SystemCallName(method);
        if (callName is not null)
        {
            Calls.Add(new SystemCall(invocation, callName, function));
        }

        if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "Dispose" } dispose)
        {
            NoteRelease(dispose.Expression, invocation.SpanStart, _disposals);
        }

        foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
        {
            if (argument.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                NoteRelease(argument.Expression, invocation.SpanStart, _handovers);
                if (_calleeDisposes is not null && ScopeSymbolOf(argument.Expression) is not null &&
                    _model.GetOperation(argument) is Microsoft.CodeAnalysis.Operations.IArgumentOperation { Parameter: { } parameter } &&
                    _calleeDisposes(method, parameter))
                {
                    NoteRelease(argument.Expression, invocation.SpanStart, _disposals);
                }
            }
            else if (LocalOf(argument.Expression) is { } byRef)
            {
                _reassigned.Add(byRef);
            }
        }

        string openName = method.ContainingType.Name + "." + method.Name;
        if (SmosApi.IsScopeType(method.ReturnType))
        {
            AddResultOpen(invocation, openName + "()", function);
        }

        foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
        {
            if (argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword) && SmosApi.IsScopeType(_model.GetTypeInfo(argument.Expression).Type))
            {
                AddOutOpen(invocation, argument, openName + "(out ...)", function);
            }
        }
    }

    private static ExpressionSyntax StripCasts(ExpressionSyntax e)
    {
        while (true)
        {
            switch (e)
            {
                case ParenthesizedExpressionSyntax p:
                    e = p.Expression;
                    break;
                case CastExpressionSyntax c:
                    e = c.Expression;
                    break;
                default:
                    return e;
            }
        }
    }

    private ILocalSymbol? LocalOf(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax or ParenthesizedExpressionSyntax ? _model.GetSymbolInfo(StripCasts(expression)).Symbol as ILocalSymbol : null;

    /// <summary>Notes that a scope local or parameter is disposed (or handed to another method) at <paramref name="position"/>.</summary>
    private void NoteRelease(ExpressionSyntax expression, int position, Dictionary<ISymbol, List<int>> into)
    {
        if (ScopeSymbolOf(expression) is { } symbol)
        {
            if (!into.TryGetValue(symbol, out List<int>? list))
            {
                into[symbol] = list = new List<int>();
            }

            list.Add(position);
        }
    }

    /// <summary>The local or parameter of a scope type that <paramref name="expression"/> names, if any.</summary>
    private ISymbol? ScopeSymbolOf(ExpressionSyntax expression)
    {
        ISymbol? symbol = expression is IdentifierNameSyntax or ParenthesizedExpressionSyntax ? _model.GetSymbolInfo(StripCasts(expression)).Symbol : null;
        ITypeSymbol? type = symbol switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };
        return SmosApi.IsScopeType(type) ? symbol : null;
    }

    private void NoteEscape(ExpressionSyntax expression, HashSet<ILocalSymbol> into)
    {
        if (LocalOf(expression) is { } local && SmosApi.IsScopeType(local.Type))
        {
            into.Add(local);
        }
    }

    private void NoteAssignment(AssignmentExpressionSyntax assignment)
    {
        if (LocalOf(assignment.Left) is { } target && SmosApi.IsScopeType(target.Type))
        {
            _reassigned.Add(target);
        }

        if (LocalOf(assignment.Right) is { } source && SmosApi.IsScopeType(source.Type) &&
            _model.GetSymbolInfo(assignment.Left).Symbol is IFieldSymbol or IPropertySymbol or IParameterSymbol)
        {
            (_model.GetSymbolInfo(assignment.Left).Symbol is IParameterSymbol ? _returned : _stored).Add(source);
        }
    }
}
