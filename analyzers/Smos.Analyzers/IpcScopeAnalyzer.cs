// SMOS001 (system call while an IPC-buffer scope is open) and SMOS002 (scope not ended): reported from the scope model.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Smos.Analyzers;

/// <summary>
/// Checks, per method, lambda and local function, that no system call is made inside the text range where an
/// IPC-buffer scope is open (directly, or by calling a function of the compilation that makes one: see
/// <see cref="CallGraph"/>), and that every scope ends. See docs/analyzers.md#smos001 and #smos002.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class IpcScopeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property key: how the open scope is held ("UsingStatement" or "UsingDeclaration"); absent when no fix applies.</summary>
    public const string ScopeFormKey = "ScopeForm";

    /// <summary>Property key (SMOS002): "true" when the declaration can become a using declaration.</summary>
    public const string CanUseUsingKey = "CanUseUsing";

    /// <summary>Property keys: the span of the statement that holds the scope, for the code fixes.</summary>
    public const string AnchorStartKey = "AnchorStart";

    public const string AnchorLengthKey = "AnchorLength";

    /// <summary>The anchor span recorded by <see cref="WithAnchor"/>, if any.</summary>
    public static Microsoft.CodeAnalysis.Text.TextSpan? AnchorOf(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(AnchorStartKey, out string? start) && diagnostic.Properties.TryGetValue(AnchorLengthKey, out string? length) &&
        int.TryParse(start, out int s) && int.TryParse(length, out int l)
            ? new Microsoft.CodeAnalysis.Text.TextSpan(s, l)
            : null;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CallInScope, Descriptors.ScopeNotDisposed);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!SmosApi.IsExemptAssembly(start.Compilation))
            {
                var graph = new CallGraph(start.Compilation);
                start.RegisterSemanticModelAction(context => Analyze(context, graph));
            }
        });
    }

    private static void Analyze(SemanticModelAnalysisContext context, CallGraph graph)
    {
        SyntaxNode root = context.SemanticModel.SyntaxTree.GetRoot(context.CancellationToken);
        ScopeModel model = ScopeModel.Build(
            context.SemanticModel, root, context.CancellationToken, (method, parameter) => graph.Disposes(method, parameter, context.CancellationToken));
        if (model.Opens.Count == 0)
        {
            return;
        }

        foreach (SystemCall call in model.Calls)
        {
            if (InnermostOpen(model, call.Function, call.Call.SpanStart) is { } open)
            {
                Report(context, call.Call.GetLocation(), call.Name, open);
            }
        }

        ReportCallsThroughFunctions(context, graph, model);

        foreach (ScopeOpen open in model.Opens)
        {
            ReportNotDisposed(context, model, open);
        }
    }

    /// <summary>
    /// Calls, while a scope is open, of functions of the compilation that make a system call (directly or through the
    /// functions they call): reported at the call, with the chain. A call that hands a scope over is judged in the callee,
    /// where the scope is open as its parameter.
    /// </summary>
    private static void ReportCallsThroughFunctions(SemanticModelAnalysisContext context, CallGraph graph, ScopeModel model)
    {
        SemanticModel semanticModel = graph.ModelFor(context.SemanticModel.SyntaxTree, context.SemanticModel);
        var seen = new HashSet<SyntaxNode>();
        foreach (ScopeOpen range in model.Opens)
        {
            if (range.RangeEnd <= range.RangeStart)
            {
                continue;
            }

            var span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(range.RangeStart, range.RangeEnd);
            foreach (IOperation site in CallSites.In(semanticModel, range.Function, span, context.CancellationToken))
            {
                if (!seen.Add(site.Syntax) || CallSites.PassesScope(site))
                {
                    continue;
                }

                foreach (Callee callee in CallSites.Resolve(graph, semanticModel, site, context.CancellationToken))
                {
                    if (callee.Body is null || graph.ReachFrom(callee.Body, context.CancellationToken) is not { SystemCall: { } systemCall } reach)
                    {
                        continue;
                    }

                    if (InnermostOpen(model, range.Function, site.Syntax.SpanStart) is { } open)
                    {
                        string chain = string.Join(" -> ", new[] { callee.Label }.Concat(reach.Through));
                        Report(context, site.Syntax.GetLocation(), systemCall + " (through " + chain + ")", open);
                    }

                    break;
                }
            }
        }
    }

    private static ScopeOpen? InnermostOpen(ScopeModel model, SyntaxNode function, int position)
    {
        ScopeOpen? best = null;
        foreach (ScopeOpen open in model.Opens)
        {
            if (open.RangeStart <= position && position < open.RangeEnd && open.Function.Span == function.Span &&
                (best is null || open.RangeStart > best.RangeStart))
            {
                best = open;
            }
        }

        return best;
    }

    private static void Report(SemanticModelAnalysisContext context, Location location, string operation, ScopeOpen open)
    {
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
        if (open.Anchor is not null && open.Form is ScopeForm.UsingStatement or ScopeForm.UsingDeclaration)
        {
            properties = WithAnchor(properties.Add(ScopeFormKey, open.Form.ToString()), open.Anchor);
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CallInScope, location, properties, operation, open.Describe()));
    }

    private static void ReportNotDisposed(SemanticModelAnalysisContext context, ScopeModel model, ScopeOpen open)
    {
        string? reason = open.Form switch
        {
            ScopeForm.Discarded => "discarded",
            ScopeForm.Returned => "handed out of the method that opened it",
            ScopeForm.Field => "stored in a field",
            ScopeForm.Temporary => "used once and never disposed",
            _ => null,
        };
        bool canUseUsing = false;
        if (open.Form == ScopeForm.Local && open.Local is { } local && !model.IsReleased(local))
        {
            reason = model.IsReturned(local) ? "handed out of the method that opened it"
                : model.IsStoredInField(local) ? "stored in a field"
                : "never disposed";
            canUseUsing = reason == "never disposed" && !model.IsReassigned(local) &&
                open.Anchor is Microsoft.CodeAnalysis.CSharp.Syntax.LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 };
        }

        if (reason is null)
        {
            return;
        }

        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
        if (canUseUsing)
        {
            properties = WithAnchor(properties.Add(CanUseUsingKey, "true"), open.Anchor!);
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.ScopeNotDisposed, open.Open.GetLocation(), properties, open.OpenName, reason));
    }

    private static ImmutableDictionary<string, string?> WithAnchor(ImmutableDictionary<string, string?> properties, SyntaxNode anchor) =>
        properties
            .Add(AnchorStartKey, anchor.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add(AnchorLengthKey, anchor.Span.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
