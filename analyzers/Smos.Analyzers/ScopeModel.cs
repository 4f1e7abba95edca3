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
}

/// <summary>One scope opened by a call (or an out argument of it).</summary>
internal sealed class ScopeOpen
{
    public ScopeOpen(InvocationExpressionSyntax open, string openName, ScopeForm form, ILocalSymbol? local, SyntaxNode function)
    {
        Open = open;
        OpenName = openName;
        Form = form;
        Local = local;
        Function = function;
    }

    public InvocationExpressionSyntax Open { get; }

    /// <summary>"Ipc.Write()" or "Ipc.TryWrite(out ...)".</summary>
    public string OpenName { get; }

    public ScopeForm Form { get; }

    public ILocalSymbol? Local { get; }

    public SyntaxNode Function { get; }

    /// <summary>The using statement or local declaration statement that holds the scope (for code fixes), if any.</summary>
    public SyntaxNode? Anchor { get; set; }

    /// <summary>Text positions [RangeStart, RangeEnd) in which the scope is open; empty when not tracked.</summary>
    public int RangeStart { get; set; }

    public int RangeEnd { get; set; }

    public string Describe() => Local is null ? "opened by " + OpenName : "'" + Local.Name + "'";
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

/// <summary>A call of a local function or of a delegate local initialised with a lambda, whose body is visible.</summary>
internal readonly struct IndirectCall
{
    public IndirectCall(InvocationExpressionSyntax call, SyntaxNode target, string via)
    {
        Call = call;
        Target = target;
        Via = via;
    }

    public InvocationExpressionSyntax Call { get; }

    public SyntaxNode Target { get; }

    public string Via { get; }
}

/// <summary>Builds the scope model of a tree from one walk over its invocations.</summary>
internal sealed partial class ScopeModel
{
    private readonly SemanticModel _model;
    private readonly Dictionary<ILocalSymbol, List<int>> _releases = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _returned = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _stored = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _reassigned = new(SymbolEqualityComparer.Default);

    private ScopeModel(SemanticModel model) => _model = model;

    public List<ScopeOpen> Opens { get; } = new();

    public List<SystemCall> Calls { get; } = new();

    public List<IndirectCall> Indirect { get; } = new();

    public static ScopeModel Build(SemanticModel model, SyntaxNode root, System.Threading.CancellationToken token)
    {
        var scopeModel = new ScopeModel(model);
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
                    scopeModel.NoteRelease(e, node.Span.End);
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
    public bool IsReleased(ILocalSymbol local) => _releases.ContainsKey(local);

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
            NoteRelease(dispose.Expression, invocation.SpanStart);
        }

        foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
        {
            if (argument.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                NoteRelease(argument.Expression, invocation.SpanStart);
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

        AddIndirect(invocation, method);
    }

    private void AddIndirect(InvocationExpressionSyntax invocation, IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.LocalFunction &&
            method.DeclaringSyntaxReferences.FirstOrDefault() is { } reference && reference.SyntaxTree == invocation.SyntaxTree)
        {
            Indirect.Add(new IndirectCall(invocation, reference.GetSyntax(), "local function '" + method.Name + "'"));
        }
        else if (method.MethodKind == MethodKind.DelegateInvoke)
        {
            ExpressionSyntax target = invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "Invoke" } m ? m.Expression : invocation.Expression;
            if (LocalOf(target) is { } local &&
                local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value } &&
                StripCasts(value) is AnonymousFunctionExpressionSyntax lambda)
            {
                Indirect.Add(new IndirectCall(invocation, lambda, "lambda '" + local.Name + "'"));
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

    private void NoteRelease(ExpressionSyntax expression, int position)
    {
        if (LocalOf(expression) is { } local && SmosApi.IsScopeType(local.Type))
        {
            if (!_releases.TryGetValue(local, out List<int>? list))
            {
                _releases[local] = list = new List<int>();
            }

            list.Add(position);
        }
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
