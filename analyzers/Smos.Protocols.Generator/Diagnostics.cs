// The protocol generator's diagnostics SMOS101-SMOS107: what an interface may not declare, why, and the fix.
using Microsoft.CodeAnalysis;

namespace Smos.Protocols.Generator;

/// <summary>Every diagnostic of the protocol generator: errors, each message saying the reason and the fix (docs/protocols.md).</summary>
public static class Diagnostics
{
    private const string Category = "SmosSharp.Protocols";
    private const string HelpBase = "docs/protocols.md#";

    public static readonly DiagnosticDescriptor UnsupportedType = new(
        "SMOS101",
        "A typed protocol cannot carry this type",
        "{0} has type '{1}', which a typed protocol cannot carry: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "interface-rules");

    public static readonly DiagnosticDescriptor Overload = new(
        "SMOS102",
        "Protocol methods need distinct names",
        "{0} declares more than one method named '{1}': give each method its own name (the generated codec, client and server methods are named after it)",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "interface-rules");

    public static readonly DiagnosticDescriptor RefParameter = new(
        "SMOS103",
        "Protocol parameters are passed by value",
        "Parameter '{0}' of {1} is {2}: a message carries values to the server only; pass it by value and return the result as the method's return value",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "interface-rules");

    public static readonly DiagnosticDescriptor TooManyWords = new(
        "SMOS104",
        "A message carries at most 120 words",
        "{0} takes at least {1} words, but a message carries at most 120 (seL4's message registers; only strings, byte arrays and arrays can go beyond, through the connection's shared page): split the method or pass fewer values",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "interface-rules");

    public static readonly DiagnosticDescriptor UnsupportedMember = new(
        "SMOS105",
        "A protocol declares methods only",
        "{0} is {1}: a protocol interface declares only non-generic instance methods without bodies; remove it or make it such a method",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "interface-rules");

    public static readonly DiagnosticDescriptor BadProtocol = new(
        "SMOS106",
        "A bad [SmosProtocol] interface",
        "{0}: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "interface-rules");

    public static readonly DiagnosticDescriptor TooManyCapabilities = new(
        "SMOS107",
        "A message carries at most one capability",
        "{0} takes {1} capabilities, but a message carries one at most (the receiver has one receive slot, and seL4 puts one received capability there): pass one per call, or split the method",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "interface-rules");
}
