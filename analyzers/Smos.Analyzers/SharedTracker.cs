// SMOS003's value tracking: which expressions, locals and parameters of a tree hold pointers into shared memory.
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Smos.Analyzers;

/// <summary>
/// Knows the shared-memory locals and parameters of one tree. A pointer expression is shared when, after casts,
/// parentheses and pointer arithmetic, it is a shared local, a [SharedMemory] symbol or call, the address of a field
/// or element behind a shared pointer, or any pointer to a [SharedMemory] struct.
/// </summary>
internal sealed class SharedTracker
{
    private readonly SemanticModel _model;
    private readonly HashSet<ISymbol> _shared = new(SymbolEqualityComparer.Default);

    public SharedTracker(SemanticModel model) => _model = model;

    public bool IsSharedSymbol(ISymbol symbol) => _shared.Contains(symbol) || SmosApi.IsMarkedShared(symbol);

    public void MarkShared(ISymbol symbol) => _shared.Add(symbol);

    /// <summary>The local or parameter given to <c>new VolatileSpan&lt;T&gt;(pointer, length)</c> is shared memory by its author's word.</summary>
    public void NoteVolatileSpanCreation(BaseObjectCreationExpressionSyntax creation)
    {
        if (creation.ArgumentList is not { Arguments.Count: > 0 } arguments ||
            _model.GetSymbolInfo(creation).Symbol is not IMethodSymbol { Parameters.Length: > 0 } constructor ||
            !SmosApi.IsVolatileSpanType(constructor.ContainingType) ||
            constructor.Parameters[0].Type is not IPointerTypeSymbol)
        {
            return;
        }

        if (Root(arguments.Arguments[0].Expression) is { } root && _model.GetSymbolInfo(root).Symbol is ILocalSymbol or IParameterSymbol)
        {
            _shared.Add(_model.GetSymbolInfo(root).Symbol!);
        }
    }

    /// <summary><c>Map(out var p)</c> where the out parameter is marked [SharedMemory]: p is shared.</summary>
    public void NoteSharedOutArguments(InvocationExpressionSyntax invocation)
    {
        if (_model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method)
        {
            return;
        }

        foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
        {
            if (!argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword) || ParameterOf(method, invocation, argument) is not { } parameter ||
                !SmosApi.IsMarkedShared(parameter))
            {
                continue;
            }

            ISymbol? target = argument.Expression is DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax d }
                ? _model.GetDeclaredSymbol(d)
                : _model.GetSymbolInfo(argument.Expression).Symbol;
            if (target is ILocalSymbol or IParameterSymbol)
            {
                _shared.Add(target);
            }
        }
    }

    /// <summary>True when <paramref name="expression"/> evaluates to a pointer (or address) into shared memory.</summary>
    public bool IsShared(ExpressionSyntax expression)
    {
        if (SmosApi.IsPointerToSharedType(_model.GetTypeInfo(expression).Type))
        {
            return true;
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax p:
                return IsShared(p.Expression);
            case CastExpressionSyntax c:
                return IsShared(c.Expression);
            case CheckedExpressionSyntax c:
                return IsShared(c.Expression);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression or (int)SyntaxKind.SubtractExpression } b:
                return IsShared(b.Left) || (b.IsKind(SyntaxKind.AddExpression) && IsShared(b.Right));
            case ConditionalExpressionSyntax c:
                return IsShared(c.WhenTrue) || IsShared(c.WhenFalse);
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression } address:
                return IsAddressBehindShared(address.Operand);
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                return _model.GetSymbolInfo(expression).Symbol is { } symbol && IsSharedSymbol(symbol);
            case InvocationExpressionSyntax invocation:
                return SmosApi.IsMarkedShared(_model.GetSymbolInfo(invocation).Symbol);
            default:
                return false;
        }
    }

    /// <summary>For <c>&amp;p-&gt;f</c>, <c>&amp;p[i]</c>, <c>&amp;*p</c> (and fields of those): true when p is shared.</summary>
    private bool IsAddressBehindShared(ExpressionSyntax lvalue)
    {
        while (true)
        {
            switch (lvalue)
            {
                case ParenthesizedExpressionSyntax p:
                    lvalue = p.Expression;
                    break;
                case MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } m:
                    lvalue = m.Expression;
                    break;
                case MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.PointerMemberAccessExpression } arrow:
                    return IsShared(arrow.Expression);
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PointerIndirectionExpression } deref:
                    return IsShared(deref.Operand);
                case ElementAccessExpressionSyntax e when _model.GetTypeInfo(e.Expression).Type is IPointerTypeSymbol:
                    return IsShared(e.Expression);
                case ElementAccessExpressionSyntax e:
                    lvalue = e.Expression;
                    break;
                default:
                    return false;
            }
        }
    }

    /// <summary>The variable a pointer argument is computed from: casts, parentheses, pointer arithmetic and &amp;x-&gt;f removed.</summary>
    private ExpressionSyntax? Root(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax p:
                    expression = p.Expression;
                    break;
                case CastExpressionSyntax c:
                    expression = c.Expression;
                    break;
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression or (int)SyntaxKind.SubtractExpression } b:
                    expression = _model.GetTypeInfo(b.Right).Type is IPointerTypeSymbol ? b.Right : b.Left;
                    break;
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression } a:
                    expression = a.Operand;
                    break;
                case MemberAccessExpressionSyntax m:
                    expression = m.Expression;
                    break;
                case ElementAccessExpressionSyntax e:
                    expression = e.Expression;
                    break;
                case IdentifierNameSyntax:
                    return expression;
                default:
                    return null;
            }
        }
    }

    private IParameterSymbol? ParameterOf(IMethodSymbol method, InvocationExpressionSyntax invocation, ArgumentSyntax argument)
    {
        if (argument.NameColon is { } name)
        {
            foreach (IParameterSymbol p in method.Parameters)
            {
                if (p.Name == name.Name.Identifier.Text)
                {
                    return p;
                }
            }

            return null;
        }

        int index = invocation.ArgumentList.Arguments.IndexOf(argument);
        return index >= 0 && index < method.Parameters.Length ? method.Parameters[index] : null;
    }
}
