// SMOS001's call graph: which functions of a compilation make a system call, directly or through the functions they call.
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Smos.Analyzers;

/// <summary>A function a call site may run: a system call by the name rules, or a body in the compilation to follow.</summary>
internal readonly struct Callee
{
    public Callee(string? systemCall, SyntaxNode? body, string label)
    {
        SystemCall = systemCall;
        Body = body;
        Label = label;
    }

    /// <summary>"Endpoint.Call" when the callee is a system call (SmosApi.SystemCallName); otherwise null.</summary>
    public string? SystemCall { get; }

    /// <summary>The declaration whose body runs (method, accessor, local function, lambda), when it is in the compilation.</summary>
    public SyntaxNode? Body { get; }

    /// <summary>How the chain in a message names it: "'Helper'", "local function 'Notify'", "getter 'Badge'".</summary>
    public string Label { get; }
}

/// <summary>The first system call a function reaches and the functions it goes through (after the first one called).</summary>
internal sealed class Reach
{
    public static readonly Reach None = new(null, ImmutableArray<string>.Empty);

    public Reach(string? systemCall, ImmutableArray<string> through)
    {
        SystemCall = systemCall;
        Through = through;
    }

    public string? SystemCall { get; }

    public ImmutableArray<string> Through { get; }
}

/// <summary>
/// Per compilation: for a function declared in the compilation, whether running it makes a system call, and along
/// which chain of calls. Computed lazily (only for functions called while a scope is open) from the functions' syntax
/// and memoized, so each body is bound and walked at most once per compilation. Thread-safe: the analyzer runs
/// concurrently, and every result is a pure function of the compilation, so a race computes the same answer twice.
/// </summary>
internal sealed class CallGraph
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();
    private readonly ConcurrentDictionary<FunctionKey, Facts> _facts = new();
    private readonly ConcurrentDictionary<FunctionKey, Reach> _reach = new();

    public CallGraph(Compilation compilation) => _compilation = compilation;

    /// <summary>The semantic model of a tree of the compilation (the analysis's own model for the tree being analyzed).</summary>
    public SemanticModel ModelFor(SyntaxTree tree, SemanticModel? known = null)
    {
        if (known is not null)
        {
            return _models.GetOrAdd(tree, known);
        }

        // The compiler's analyzer driver gives the compilation a caching semantic-model provider, so this is normally the model
        // the driver already built for the tree (RS1030's concern, a second model, does not arise).
        return _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
    }

    /// <summary>
    /// The shortest chain (breadth first, calls in source order) from <paramref name="start"/> to a function that makes a
    /// system call directly, or <see cref="Reach.None"/>.
    /// </summary>
    public Reach ReachFrom(SyntaxNode start, CancellationToken token)
    {
        var key = new FunctionKey(start);
        if (_reach.TryGetValue(key, out Reach? known))
        {
            return known;
        }

        var parent = new Dictionary<FunctionKey, (FunctionKey From, string Label)>();
        var seen = new HashSet<FunctionKey> { key };
        var queue = new Queue<SyntaxNode>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            token.ThrowIfCancellationRequested();
            SyntaxNode node = queue.Dequeue();
            Facts facts = FactsOf(node, token);
            if (facts.SystemCall is not null)
            {
                var through = new List<string>();
                for (var k = new FunctionKey(node); !k.Equals(key); k = parent[k].From)
                {
                    through.Add(parent[k].Label);
                }

                through.Reverse();
                return _reach.GetOrAdd(key, new Reach(facts.SystemCall, through.ToImmutableArray()));
            }

            foreach (Callee callee in facts.Callees)
            {
                var calleeKey = new FunctionKey(callee.Body!);
                if (seen.Add(calleeKey))
                {
                    parent[calleeKey] = (new FunctionKey(node), callee.Label);
                    queue.Enqueue(callee.Body!);
                }
            }
        }

        // Nothing reachable from start makes a system call, so nothing reachable from any of them does either.
        foreach (FunctionKey reached in seen)
        {
            _reach.TryAdd(reached, Reach.None);
        }

        return Reach.None;
    }

    /// <summary>The first system call <paramref name="function"/>'s own body makes, or else the functions it calls that have a body here.</summary>
    private Facts FactsOf(SyntaxNode function, CancellationToken token)
    {
        var key = new FunctionKey(function);
        if (_facts.TryGetValue(key, out Facts? known))
        {
            return known;
        }

        SemanticModel model = ModelFor(function.SyntaxTree);
        var callees = new List<Callee>();
        var distinct = new HashSet<FunctionKey>();
        string? systemCall = null;
        foreach (IOperation site in CallSites.In(model, function, function.Span, token))
        {
            foreach (Callee callee in CallSites.Resolve(this, model, site, token))
            {
                if (callee.SystemCall is not null)
                {
                    systemCall = callee.SystemCall;
                    break;
                }

                if (callee.Body is not null && distinct.Add(new FunctionKey(callee.Body)))
                {
                    callees.Add(callee);
                }
            }

            if (systemCall is not null)
            {
                break;
            }
        }

        return _facts.GetOrAdd(key, new Facts(systemCall, systemCall is null ? callees.ToImmutableArray() : ImmutableArray<Callee>.Empty));
    }

    /// <summary>True when <paramref name="method"/>'s body (in this compilation) disposes its scope parameter <paramref name="parameter"/>.</summary>
    public bool Disposes(IMethodSymbol method, IParameterSymbol parameter, CancellationToken token)
    {
        if (BodyOf(method, token) is not { } body)
        {
            return false;
        }

        SemanticModel model = ModelFor(body.SyntaxTree);
        foreach (InvocationExpressionSyntax invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "Dispose", Expression: IdentifierNameSyntax target } &&
                target.Identifier.Text == parameter.Name &&
                model.GetSymbolInfo(target, token).Symbol is IParameterSymbol { Ordinal: var ordinal } && ordinal == parameter.Ordinal)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The declaration whose body runs when <paramref name="method"/> is called, if it is in this compilation.</summary>
    public SyntaxNode? BodyOf(IMethodSymbol method, CancellationToken token)
    {
        method = method.ReducedFrom ?? method;
        method = method.PartialImplementationPart ?? method;
        method = method.OriginalDefinition;
        if (SmosApi.IsScopeApi(method.ContainingType))
        {
            return null;
        }

        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                continue;
            }

            SyntaxNode node = reference.GetSyntax(token);
            bool hasBody = node switch
            {
                BaseMethodDeclarationSyntax m => m.Body is not null || m.ExpressionBody is not null,
                AccessorDeclarationSyntax a => a.Body is not null || a.ExpressionBody is not null,
                ArrowExpressionClauseSyntax => true,
                LocalFunctionStatementSyntax f => f.Body is not null || f.ExpressionBody is not null,
                AnonymousFunctionExpressionSyntax => true,
                _ => false,
            };
            if (hasBody)
            {
                return node;
            }
        }

        return null;
    }

    private sealed class Facts
    {
        public Facts(string? systemCall, ImmutableArray<Callee> callees)
        {
            SystemCall = systemCall;
            Callees = callees;
        }

        public string? SystemCall { get; }

        public ImmutableArray<Callee> Callees { get; }
    }

    /// <summary>A function by position (tree, span, kind): stable however often its node is re-created.</summary>
    private readonly struct FunctionKey : System.IEquatable<FunctionKey>
    {
        private readonly SyntaxTree _tree;
        private readonly TextSpan _span;
        private readonly int _kind;

        public FunctionKey(SyntaxNode node)
        {
            _tree = node.SyntaxTree;
            _span = node.Span;
            _kind = node.RawKind;
        }

        public bool Equals(FunctionKey other) => _tree == other._tree && _span == other._span && _kind == other._kind;

        public override bool Equals(object? obj) => obj is FunctionKey other && Equals(other);

        public override int GetHashCode() => (_tree.GetHashCode() * 31 + _span.GetHashCode()) * 31 + _kind;
    }
}

/// <summary>The calls written in a function: invocations, object creations, constructor initializers, property and indexer accesses.</summary>
internal static class CallSites
{
    /// <summary>The call operations of <paramref name="function"/> (not of the lambdas and local functions nested in it) that start in <paramref name="span"/>, in source order.</summary>
    public static IEnumerable<IOperation> In(SemanticModel model, SyntaxNode function, TextSpan span, CancellationToken token)
    {
        foreach (SyntaxNode node in function.DescendantNodes(span, n => n == function || !IsFunctionBoundary(n)))
        {
            if (!span.Contains(node.SpanStart) || !IsCandidate(node))
            {
                continue;
            }

            token.ThrowIfCancellationRequested();
            IOperation? operation = model.GetOperation(node, token);
            if (operation is IExpressionStatementOperation { IsImplicit: true, Operation: IInvocationOperation initializer })
            {
                operation = initializer; // a constructor initializer (": base(...)")
            }

            if (operation is IInvocationOperation or IObjectCreationOperation or IPropertyReferenceOperation && operation.Syntax == node)
            {
                yield return operation;
            }
        }
    }

    /// <summary>True when the call hands an IPC-buffer scope to its callee, which is then judged with the scope open as its parameter.</summary>
    public static bool PassesScope(IOperation site)
    {
        ImmutableArray<IArgumentOperation> arguments = site switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };
        return arguments.Any(a => SmosApi.IsScopeType(a.Value.Type) || (a.Parameter is { } p && SmosApi.IsScopeType(p.Type)));
    }

    /// <summary>What the call runs: a system call by name, a body to follow, or nothing known (an empty sequence).</summary>
    public static IEnumerable<Callee> Resolve(CallGraph graph, SemanticModel model, IOperation site, CancellationToken token)
    {
        switch (site)
        {
            case IInvocationOperation invocation:
                {
                    IMethodSymbol method = invocation.TargetMethod;
                    if (SmosApi.SystemCallName(method) is { } name)
                    {
                        yield return new Callee(name, null, name);
                    }
                    else if (method.MethodKind == MethodKind.DelegateInvoke)
                    {
                        if (LambdaOf(invocation.Instance, token) is { } lambda)
                        {
                            yield return lambda;
                        }
                    }
                    else if (Implementation(method, invocation.Instance, invocation.IsVirtual) is { } target && graph.BodyOf(target, token) is { } body)
                    {
                        yield return new Callee(null, body, Label(target));
                    }

                    break;
                }

            case IObjectCreationOperation { Constructor: { } constructor }:
                if (graph.BodyOf(constructor, token) is { } constructorBody)
                {
                    yield return new Callee(null, constructorBody, Label(constructor));
                }

                break;

            case IPropertyReferenceOperation property:
                foreach (IMethodSymbol accessor in Accessors(property))
                {
                    bool isVirtual = (accessor.IsVirtual || accessor.IsAbstract || accessor.IsOverride || accessor.ContainingType.TypeKind == TypeKind.Interface) &&
                        !accessor.IsSealed && property.Instance?.Syntax is not BaseExpressionSyntax;
                    if (Implementation(accessor, property.Instance, isVirtual) is { } target && graph.BodyOf(target, token) is { } body)
                    {
                        yield return new Callee(null, body, Label(target));
                    }
                }

                break;
        }
    }

    private static bool IsFunctionBoundary(SyntaxNode node) =>
        node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax and not GlobalStatementSyntax;

    private static bool IsCandidate(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or ConstructorInitializerSyntax => true,
        MemberAccessExpressionSyntax m => m.Parent is not InvocationExpressionSyntax i || i.Expression != m,
        ElementAccessExpressionSyntax or MemberBindingExpressionSyntax or ElementBindingExpressionSyntax => true,
        IdentifierNameSyntax id => id.Parent switch
        {
            MemberAccessExpressionSyntax m => m.Expression == id,
            InvocationExpressionSyntax i => i.Expression != id,
            QualifiedNameSyntax or NameColonSyntax or TypeArgumentListSyntax or ParameterSyntax or VariableDeclarationSyntax => false,
            _ => true,
        },
        _ => false,
    };

    /// <summary>The getter, setter or both that an access of a property runs.</summary>
    private static IEnumerable<IMethodSymbol> Accessors(IPropertyReferenceOperation property)
    {
        IOperation reference = property;
        bool reads = true;
        bool writes = false;
        switch (reference.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                reads = false;
                writes = true;
                break;
            case ICompoundAssignmentOperation or ICoalesceAssignmentOperation or IIncrementOrDecrementOperation:
                writes = true;
                break;
        }

        if (reads && property.Property.GetMethod is { } getter)
        {
            yield return getter;
        }

        if (writes && property.Property.SetMethod is { } setter)
        {
            yield return setter;
        }
    }

    /// <summary>
    /// The method a call runs: the method itself for a non-virtual call (also base.M()); for a virtual or interface
    /// call, the implementation in the receiver's type when that type is exact (a struct, a sealed class, a new
    /// object); otherwise null (interface and virtual dispatch on an open type are not followed).
    /// </summary>
    private static IMethodSymbol? Implementation(IMethodSymbol method, IOperation? instance, bool isVirtual)
    {
        if (!isVirtual)
        {
            return method.IsAbstract ? null : method;
        }

        while (instance is IConversionOperation { IsImplicit: true } conversion)
        {
            instance = conversion.Operand;
        }

        ITypeSymbol? type = instance?.Type;
        bool exact = instance is IObjectCreationOperation ||
            type is { TypeKind: TypeKind.Struct } ||
            type is INamedTypeSymbol { TypeKind: TypeKind.Class, IsSealed: true };
        if (!exact || type is null)
        {
            return null;
        }

        if (method.ContainingType.TypeKind == TypeKind.Interface)
        {
            return type.FindImplementationForInterfaceMember(method) is IMethodSymbol { IsAbstract: false } implementation ? implementation : null;
        }

        for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            foreach (IMethodSymbol candidate in t.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                for (IMethodSymbol? m = candidate; m is not null; m = m.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, method.OriginalDefinition))
                    {
                        return candidate.IsAbstract ? null : candidate;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>A delegate local initialised with a lambda (<c>Action a = () => ...; a();</c>): the lambda.</summary>
    private static Callee? LambdaOf(IOperation? target, CancellationToken token)
    {
        while (target is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            target = target is IConversionOperation c ? c.Operand : ((IParenthesizedOperation)target).Operand;
        }

        if (target is ILocalReferenceOperation { Local: { } local } &&
            local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(token) is VariableDeclaratorSyntax { Initializer.Value: { } value } &&
            StripCasts(value) is AnonymousFunctionExpressionSyntax lambda)
        {
            return new Callee(null, lambda, "lambda '" + local.Name + "'");
        }

        return null;
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

    private static string Label(IMethodSymbol method) => method.MethodKind switch
    {
        MethodKind.LocalFunction => "local function '" + method.Name + "'",
        MethodKind.Constructor => "constructor '" + method.ContainingType.Name + "'",
        MethodKind.PropertyGet => "getter '" + PropertyName(method) + "'",
        MethodKind.PropertySet => "setter '" + PropertyName(method) + "'",
        _ => "'" + (method.ReducedFrom ?? method).Name + "'",
    };

    private static string PropertyName(IMethodSymbol accessor) =>
        accessor.AssociatedSymbol is IPropertySymbol { IsIndexer: true } ? "this[]" : accessor.AssociatedSymbol?.Name ?? accessor.Name;
}
