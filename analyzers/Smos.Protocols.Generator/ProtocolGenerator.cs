// The incremental generator: each [SmosProtocol] interface becomes a pure codec, and with libsmos a client and a server base.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Smos.Protocols.Generator;

/// <summary>
/// For <c>[SmosProtocol("calc", Version = 1)] interface ICalc</c>: <c>CalcProtocol</c> (labels, Encode/Decode per method,
/// Dispatch; pure C#, host-testable), and when the compilation references libsmos <c>CalcClient</c> (Open, one method per
/// call, register path) and <c>CalcServer</c> (a FastRequestHandler whose abstract methods are the interface's).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ProtocolGenerator : IIncrementalGenerator
{
    public const string AttributeName = "Smos.Protocol.SmosProtocolAttribute";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<(string? Hint, ProtocolModel? Model, ImmutableArray<Diagnostic> Diagnostics)> protocols =
            context.SyntaxProvider.ForAttributeWithMetadataName(
                AttributeName,
                static (node, _) => node is InterfaceDeclarationSyntax,
                static (ctx, _) =>
                {
                    var diagnostics = new List<Diagnostic>();
                    var type = (INamedTypeSymbol)ctx.TargetSymbol;
                    ProtocolModel? model = ProtocolModel.Read(type, ctx.Attributes[0], diagnostics);
                    string hint = (type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString() + ".") + type.Name + ".SmosProtocol.cs";
                    return ((string?)hint, model, diagnostics.ToImmutableArray());
                });

        IncrementalValueProvider<bool> hasLibsmos = context.CompilationProvider.Select(
            static (c, _) => c.GetTypeByMetadataName("Smos.Lib.FastRequestHandler") is not null && c.GetTypeByMetadataName("Smos.Lib.Connections") is not null);

        context.RegisterSourceOutput(protocols.Combine(hasLibsmos), static (spc, item) =>
        {
            ((string? hint, ProtocolModel? model, ImmutableArray<Diagnostic> diagnostics), bool lib) = item;
            foreach (Diagnostic d in diagnostics)
            {
                spc.ReportDiagnostic(d);
            }

            if (model is not null && hint is not null)
            {
                spc.AddSource(hint, Emitter.Emit(model, lib));
            }
        });
    }
}
