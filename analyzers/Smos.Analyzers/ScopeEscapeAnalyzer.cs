// SMOS007: an IPC-buffer scope copied, a span taken from a scope used outside it, or a scope used after it ended.
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Smos.Analyzers;

/// <summary>
/// The compile-time half of the rule "scopes end for good" (docs/ipc.md). At run time a scope checks only that the
/// variable it is used through has not ended; its spans and copies carry no check (that is what makes them cheap), so
/// this analyzer rejects, per method, lambda and local function, in text order:
/// a copy of a scope (<c>var c = w;</c>, <c>c = w;</c>, returning a scope parameter);
/// a span taken from a scope (<c>w.MessageRegisters</c>, <c>ExtraCaps</c>, <c>Badges</c>, and <c>Slice</c>s of
/// those) used where the scope is not open, or handed out of the method;
/// and a scope variable used after its <c>Dispose()</c>. See docs/analyzers.md#smos007.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ScopeEscapeAnalyzer : DiagnosticAnalyzer
{
    private static readonly HashSet<string> SpanMembers = new() { "MessageRegisters", "ExtraCaps", "Badges" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ScopeEscape);

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
        SemanticModel semantic = context.SemanticModel;
        SyntaxNode root = semantic.SyntaxTree.GetRoot(context.CancellationToken);
        var walker = new Walker(semantic, context);
        walker.Run(root);
    }

    /// <summary>One pass over a tree: records scopes, their ends and their spans, then judges every use.</summary>
    private sealed class Walker
    {
        private readonly SemanticModel _model;
        private readonly SemanticModelAnalysisContext _context;

        // Per scope variable (local or parameter): where it is (re)opened and where Dispose() is called on it.
        private readonly Dictionary<ISymbol, List<int>> _opens = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<ISymbol, List<int>> _ends = new(SymbolEqualityComparer.Default);

        // Using scopes: the text range in which each is open.
        private readonly Dictionary<ISymbol, (int Start, int End)> _usingRanges = new(SymbolEqualityComparer.Default);

        // Span locals taken from a scope: span -> its scope variable.
        private readonly Dictionary<ISymbol, ISymbol> _spans = new(SymbolEqualityComparer.Default);

        public Walker(SemanticModel model, SemanticModelAnalysisContext context)
        {
            _model = model;
            _context = context;
        }

        public void Run(SyntaxNode root)
        {
            List<SyntaxNode> nodes = new(root.DescendantNodes());
            if (!MentionsScopes(nodes))
            {
                return;
            }

            foreach (SyntaxNode node in nodes)
            {
                Record(node);
            }

            foreach (SyntaxNode node in nodes)
            {
                Judge(node);
            }
        }

        private static bool MentionsScopes(List<SyntaxNode> nodes)
        {
            foreach (SyntaxNode node in nodes)
            {
                if (node is IdentifierNameSyntax { Identifier.Text: "IpcWriter" or "IpcReader" or "Ipc" })
                {
                    return true;
                }
            }

            return false;
        }

        // ---- Recording ----

        private void Record(SyntaxNode node)
        {
            switch (node)
            {
                case VariableDeclaratorSyntax { Initializer.Value: { } value } declarator:
                    RecordDefinition(_model.GetDeclaredSymbol(declarator), value, declarator);
                    break;
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment:
                    RecordDefinition(_model.GetSymbolInfo(assignment.Left).Symbol as ILocalSymbol, assignment.Right, assignment);
                    break;
                case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.OutKeyword } argument:
                    ISymbol? outTarget = argument.Expression is DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax d }
                        ? _model.GetDeclaredSymbol(d)
                        : _model.GetSymbolInfo(argument.Expression).Symbol;
                    if (outTarget is ILocalSymbol local && SmosApi.IsScopeType(local.Type))
                    {
                        Add(_opens, local, argument.Span.End);
                    }

                    break;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Dispose" } dispose } invocation
                    when ScopeVariable(dispose.Expression) is { } disposed:
                    Add(_ends, disposed, invocation.SpanStart);
                    break;
                case ParameterSyntax parameter when _model.GetDeclaredSymbol(parameter) is IParameterSymbol p && SmosApi.IsScopeType(p.Type):
                    Add(_opens, p, parameter.SpanStart);
                    break;
            }
        }

        private void RecordDefinition(ISymbol? target, ExpressionSyntax value, SyntaxNode at)
        {
            if (target is not ILocalSymbol local)
            {
                return;
            }

            ExpressionSyntax v = Strip(value);
            if (SmosApi.IsScopeType(local.Type) && v is InvocationExpressionSyntax)
            {
                Add(_opens, local, at.Span.End);
                if (at is VariableDeclaratorSyntax { Parent.Parent: UsingStatementSyntax u })
                {
                    _usingRanges[local] = (u.Statement.SpanStart, u.Statement.Span.End);
                }
                else if (at is VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax s } && s.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
                {
                    _usingRanges[local] = (s.Span.End, BlockEnd(s));
                }
            }
            else if (SmosApi.IsVolatileSpanType(local.Type) && SpanSource(v) is { } scope)
            {
                _spans[local] = scope;
            }
        }

        // ---- Judging ----

        private void Judge(SyntaxNode node)
        {
            switch (node)
            {
                case VariableDeclaratorSyntax { Initializer.Value: { } value } when ScopeVariable(Strip(value)) is { } copied:
                    Report(value, "copies the IPC-buffer scope '" + copied.Name + "'", "use the scope itself; pass it to a method as an argument if you must");
                    break;
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } a when ScopeVariable(Strip(a.Right)) is { } copied:
                    Report(a.Right, "copies the IPC-buffer scope '" + copied.Name + "'", "use the scope itself; pass it to a method as an argument if you must");
                    break;
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } a
                    when _model.GetSymbolInfo(a.Left).Symbol is IFieldSymbol or IParameterSymbol or IPropertySymbol && SpanScope(Strip(a.Right)) is { } scope:
                    Report(a.Right, "hands a span of the IPC-buffer scope '" + scope.Name + "' out of the method", "keep the span a local inside the scope");
                    break;
                case ReturnStatementSyntax { Expression: { } e }:
                    JudgeReturn(e);
                    break;
                case ArrowExpressionClauseSyntax { Expression: { } e } when !ReturnsVoid(node.Parent):
                    JudgeReturn(e);
                    break;
                case IdentifierNameSyntax identifier:
                    JudgeUse(identifier);
                    break;
            }
        }

        private void JudgeReturn(ExpressionSyntax returned)
        {
            ExpressionSyntax e = Strip(returned);
            if (ScopeVariable(e) is IParameterSymbol parameter)
            {
                Report(returned, "copies the IPC-buffer scope '" + parameter.Name + "' out of the method", "open and end a scope in the same method");
            }
            else if (SpanScope(e) is { } scope)
            {
                Report(returned, "hands a span of the IPC-buffer scope '" + scope.Name + "' out of the method", "keep the span a local inside the scope");
            }
        }

        private void JudgeUse(IdentifierNameSyntax identifier)
        {
            ISymbol? symbol = _model.GetSymbolInfo(identifier).Symbol;
            if (symbol is null || IsDefinitionSite(identifier))
            {
                return;
            }

            int at = identifier.SpanStart;
            if (_spans.TryGetValue(symbol, out ISymbol? scope))
            {
                if (!IsOpenAt(scope, at))
                {
                    Report(identifier, "uses the span '" + symbol.Name + "' of the IPC-buffer scope '" + scope.Name + "' after the scope ended", "keep every use of a span inside its scope");
                }
            }
            else if (symbol is ILocalSymbol local && SmosApi.IsScopeType(local.Type) && !IsDisposeReceiver(identifier) && EndedAt(local, at))
            {
                Report(identifier, "uses the IPC-buffer scope '" + local.Name + "' after it ended", "open a new scope for the next message");
            }
        }

        /// <summary>Open at <paramref name="at"/>: inside its using range, and not after a Dispose() without a later open.</summary>
        private bool IsOpenAt(ISymbol scope, int at)
        {
            if (_usingRanges.TryGetValue(scope, out (int Start, int End) range) && (at < range.Start || at >= range.End))
            {
                return false;
            }

            return !EndedAt(scope, at);
        }

        private bool EndedAt(ISymbol scope, int at)
        {
            if (!_ends.TryGetValue(scope, out List<int>? ends))
            {
                return false;
            }

            int lastEnd = -1;
            foreach (int e in ends)
            {
                if (e < at && e > lastEnd)
                {
                    lastEnd = e;
                }
            }

            if (lastEnd < 0)
            {
                return false;
            }

            if (_opens.TryGetValue(scope, out List<int>? opens))
            {
                foreach (int o in opens)
                {
                    if (o > lastEnd && o <= at)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        // ---- Helpers ----

        /// <summary>A local or parameter of a scope type named by <paramref name="e"/>, else null.</summary>
        private ISymbol? ScopeVariable(ExpressionSyntax e) =>
            e is IdentifierNameSyntax && _model.GetSymbolInfo(e).Symbol is { } s && s is ILocalSymbol or IParameterSymbol &&
            SmosApi.IsScopeType(s is ILocalSymbol l ? l.Type : ((IParameterSymbol)s).Type)
                ? s
                : null;

        /// <summary>The scope a span expression comes from: <c>w.MessageRegisters</c> (and its Slices) or a recorded span local.</summary>
        private ISymbol? SpanScope(ExpressionSyntax e) =>
            SpanSource(e) ?? (e is IdentifierNameSyntax && _model.GetSymbolInfo(e).Symbol is { } s && _spans.TryGetValue(s, out ISymbol? scope) ? scope : null);

        private ISymbol? SpanSource(ExpressionSyntax e)
        {
            while (true)
            {
                e = Strip(e);
                switch (e)
                {
                    case MemberAccessExpressionSyntax m when SpanMembers.Contains(m.Name.Identifier.Text):
                        return ScopeVariable(Strip(m.Expression));
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Slice" } slice }:
                        if (_model.GetSymbolInfo(Strip(slice.Expression)).Symbol is { } spanLocal && _spans.TryGetValue(spanLocal, out ISymbol? scope))
                        {
                            return scope;
                        }

                        e = slice.Expression;
                        continue;
                    case IdentifierNameSyntax when _model.GetSymbolInfo(e).Symbol is { } s && _spans.TryGetValue(s, out ISymbol? fromLocal):
                        return fromLocal;
                    default:
                        return null;
                }
            }
        }

        private static bool IsDefinitionSite(IdentifierNameSyntax identifier) =>
            identifier.Parent is AssignmentExpressionSyntax a && a.Left == identifier ||
            identifier.Parent is ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.OutKeyword };

        private static bool IsDisposeReceiver(IdentifierNameSyntax identifier) =>
            identifier.Parent is MemberAccessExpressionSyntax { Name.Identifier.Text: "Dispose" } m && m.Expression == identifier;

        private bool ReturnsVoid(SyntaxNode? owner)
        {
            ISymbol? symbol = owner switch
            {
                null => null,
                AnonymousFunctionExpressionSyntax => _model.GetSymbolInfo(owner).Symbol,
                _ => _model.GetDeclaredSymbol(owner),
            };
            return symbol is IMethodSymbol { ReturnsVoid: true } || owner is AccessorDeclarationSyntax { Keyword.RawKind: (int)SyntaxKind.SetKeyword or (int)SyntaxKind.InitKeyword };
        }

        private static ExpressionSyntax Strip(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p)
            {
                e = p.Expression;
            }

            return e;
        }

        private static int BlockEnd(SyntaxNode node) =>
            SmosApi.EnclosingStatementList(node) is BlockSyntax block ? block.CloseBraceToken.SpanStart : SmosApi.FunctionOf(node).Span.End;

        private static void Add(Dictionary<ISymbol, List<int>> map, ISymbol key, int position)
        {
            if (!map.TryGetValue(key, out List<int>? list))
            {
                map[key] = list = new List<int>();
            }

            list.Add(position);
        }

        private void Report(SyntaxNode at, string what, string fix) =>
            _context.ReportDiagnostic(Diagnostic.Create(Descriptors.ScopeEscape, at.GetLocation(), what, fix));
    }
}
