// The rules of FixedLabels protocols (the root task's own): every method has a distinct [Label], and only the codec is made.
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Smos.Protocols.Generator;

internal sealed partial class ProtocolModel
{
    /// <summary>The largest label a FixedLabels method may have: seL4's 52-bit label, below the two reply labels the connection server reserves.</summary>
    public const ulong MaxFixedLabel = (1UL << 52) - 3;

    // Reads a method's [Label] into m.Label: required (and distinct, 1 to MaxFixedLabel) in a FixedLabels protocol,
    // refused in any other. False when the method is to be skipped.
    private static bool ReadLabel(IMethodSymbol method, ProtocolModel model, ProtocolMethod m, Location at, string memberName, List<Diagnostic> diagnostics)
    {
        AttributeData? label = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "Smos.Protocol.LabelAttribute");
        if (!model.FixedLabels)
        {
            if (label is null)
            {
                return true;
            }

            diagnostics.Add(Diagnostic.Create(Diagnostics.BadProtocol, at, memberName,
                "[Label] is for protocols declared with FixedLabels = true (a request's label here is the protocol id, version and method number): drop [Label], or declare the protocol with FixedLabels = true"));
            return false;
        }

        if (label is null || label.ConstructorArguments.Length != 1 || label.ConstructorArguments[0].Value is not ulong value)
        {
            diagnostics.Add(Diagnostic.Create(Diagnostics.BadProtocol, at, memberName,
                "every method of a FixedLabels protocol needs its request label: add [Label(n)] with a number from 1 to 2^52 - 3"));
            return false;
        }

        if (value == 0 || value > MaxFixedLabel)
        {
            diagnostics.Add(Diagnostic.Create(Diagnostics.BadProtocol, at, memberName,
                $"[Label({value.ToString(CultureInfo.InvariantCulture)})] is outside 1 to 2^52 - 3 (seL4 labels are 52 bits, and 0 is no request): pick a label in that range"));
            return false;
        }

        ProtocolMethod? same = model.Methods.FirstOrDefault(o => o.Label == value);
        if (same is not null)
        {
            diagnostics.Add(Diagnostic.Create(Diagnostics.BadProtocol, at, memberName,
                $"[Label({value.ToString(CultureInfo.InvariantCulture)})] is also the label of {same.Name}: give each method its own label"));
            return false;
        }

        m.Label = value;
        return true;
    }

    // What only one kind of protocol may declare. False when the method is to be skipped (a diagnostic says why).
    private static bool CheckMode(ProtocolModel model, IMethodSymbol method, ProtocolMethod m, Location at, string memberName, List<Diagnostic> diagnostics)
    {
        if (!model.FixedLabels)
        {
            foreach ((string name, WireType type) in m.Parameters.Where(a => a.Type.Kind == WireKind.WordSpan))
            {
                diagnostics.Add(Diagnostic.Create(Diagnostics.UnsupportedType, method.Parameters.First(p => p.Name == name.TrimStart('@')).Locations.FirstOrDefault() ?? at,
                    $"Parameter '{name}' of {memberName}", "System.ReadOnlySpan<ulong>",
                    "ReadOnlySpan<ulong> is for FixedLabels protocols only (the decoder hands out a slice of the request's words): use ulong[]"));
            }

            if (m.Result is { Kind: WireKind.WordSpan })
            {
                diagnostics.Add(Diagnostic.Create(Diagnostics.UnsupportedType, at, $"The result of {memberName}", "System.ReadOnlySpan<ulong>",
                    "a result cannot be a span (it would outlive the reply) except in FixedLabels protocols: return ulong[]"));
                return false;
            }

            return !m.Parameters.Any(a => a.Type.Kind == WireKind.WordSpan);
        }

        string? fault =
            method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Smos.Protocol.EventAttribute") ? "a FixedLabels protocol has no events (there is no connection to queue them on): drop [Event]"
            : m.OneWay ? "a FixedLabels protocol has no [OneWay] methods (only its codec is generated; the caller decides how it sends): drop [OneWay]"
            : m.HasCaps ? "a FixedLabels protocol carries no capabilities in its generated codec: pass them beside the message, as the root task's memory-object handles travel"
            : m.Shape is ReturnShape.Result or ReturnShape.ResultOf ? "a FixedLabels protocol's reply label is the server's own error code, so a method returns its value itself (or void), not Result"
            : null;
        if (fault is null)
        {
            return true;
        }

        diagnostics.Add(Diagnostic.Create(Diagnostics.BadProtocol, at, memberName, fault));
        return false;
    }
}
