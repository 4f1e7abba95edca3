// Reads a [SmosProtocol] interface into a model of its methods and wire types, or into the diagnostics that say why not.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Smos.Protocols.Generator;

internal sealed partial class ProtocolModel
{
    public string Namespace = "";
    public string Interface = "";
    public string BaseName = "";
    public string Accessibility = "public";
    public string ProtocolName = "";
    public int Version;
    public uint Id;

    /// <summary>[SmosProtocol(FixedLabels = true)]: each method's label is its [Label]; only the codec is generated.</summary>
    public bool FixedLabels;

    public List<ProtocolMethod> Methods = new();

    /// <summary>The [Event] methods, numbered from 1 in declaration order (not requests: the server raises them).</summary>
    public List<ProtocolMethod> Events = new();

    /// <summary>Reads <paramref name="type"/>; returns null (and fills <paramref name="diagnostics"/>) when it breaks a rule.</summary>
    public static ProtocolModel? Read(INamedTypeSymbol type, AttributeData attribute, List<Diagnostic> diagnostics)
    {
        Location where = type.Locations.FirstOrDefault() ?? Location.None;
        string display = type.Name;
        int before = diagnostics.Count;
        string name = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string ?? "" : "";
        int version = 0;
        bool fixedLabels = false;
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Key == "Version" && named.Value.Value is int v)
            {
                version = v;
            }
            else if (named.Key == "FixedLabels" && named.Value.Value is bool f)
            {
                fixedLabels = f;
            }
        }

        if (name.Length == 0 || name.Length > 32 || name.Any(c => c < 0x21 || c > 0x7E))
        {
            diagnostics.Add(Diagnostic.Create(Diagnostics.BadProtocol, where, display,
                "the protocol name must be 1-32 printable ASCII characters without spaces (it is also the name the server publishes)"));
        }

        if (version < 0 || version > 255)
        {
            diagnostics.Add(Diagnostic.Create(Diagnostics.BadProtocol, where, display, $"Version = {version} is outside 0-255 (it travels in 8 bits of the label): pick a version from 0 to 255"));
        }

        if (type.ContainingType is not null || type.IsGenericType || type.Interfaces.Length > 0)
        {
            diagnostics.Add(Diagnostic.Create(Diagnostics.BadProtocol, where, display,
                "a protocol interface must be a non-generic interface declared directly in a namespace, without base interfaces: move it out of its class, drop its type parameters and base interfaces"));
        }

        var model = new ProtocolModel
        {
            Namespace = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            Interface = type.Name,
            BaseName = type.Name.Length > 1 && type.Name[0] == 'I' && char.IsUpper(type.Name[1]) ? type.Name.Substring(1) : type.Name,
            Accessibility = type.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public ? "public" : "internal",
            ProtocolName = name,
            Version = version,
            Id = IdOf(name),
            FixedLabels = fixedLabels,
        };

        var seen = new HashSet<string>(StringComparer.Ordinal);
        string why = "";
        bool compilerErrors = false;
        foreach (ISymbol member in type.GetMembers())
        {
            Location at = member.Locations.FirstOrDefault() ?? where;
            string memberName = $"{type.Name}.{member.Name}";
            if (member is not IMethodSymbol method || method.MethodKind != MethodKind.Ordinary)
            {
                if (member is IMethodSymbol { AssociatedSymbol: not null })
                {
                    continue; // accessors: the property or event is reported itself
                }

                diagnostics.Add(Diagnostic.Create(Diagnostics.UnsupportedMember, at, memberName, "a " + member.Kind.ToString().ToLowerInvariant()));
                continue;
            }

            if (method.IsStatic || !method.IsAbstract || method.IsGenericMethod)
            {
                string what = method.IsStatic ? "static" : method.IsGenericMethod ? "a generic method" : "a method with a body";
                diagnostics.Add(Diagnostic.Create(Diagnostics.UnsupportedMember, at, memberName, what));
                continue;
            }

            if (Reserved.Contains(method.Name))
            {
                diagnostics.Add(Diagnostic.Create(Diagnostics.BadProtocol, at, memberName,
                    $"'{method.Name}' is a member of the generated client, server or codec (or of object): give the method another name"));
                continue;
            }

            if (!seen.Add(method.Name))
            {
                diagnostics.Add(Diagnostic.Create(Diagnostics.Overload, at, type.Name, method.Name));
                continue;
            }

            var m = new ProtocolMethod { Name = method.Name, Number = model.Methods.Count + 1, DeclaredReturn = method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) };
            m.OneWay = method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Smos.Protocol.OneWayAttribute");
            if (!ReadLabel(method, model, m, at, memberName, diagnostics))
            {
                continue;
            }

            if (m.OneWay && !method.ReturnsVoid)
            {
                diagnostics.Add(Diagnostic.Create(Diagnostics.BadProtocol, at, memberName,
                    "a [OneWay] method gets no reply, so it returns void: return void, or drop [OneWay] to get a result"));
            }

            foreach (IParameterSymbol p in method.Parameters)
            {
                Location pat = p.Locations.FirstOrDefault() ?? at;
                if (p.RefKind != RefKind.None || p.IsParams)
                {
                    string kind = p.IsParams ? "params" : p.RefKind switch { RefKind.Ref => "ref", RefKind.Out => "out", _ => "in" };
                    diagnostics.Add(Diagnostic.Create(Diagnostics.RefParameter, pat, p.Name, memberName, "a " + kind + " parameter"));
                    continue;
                }

                WireType? t = WireOf(p.Type, out why, parameter: true);
                if (t is null && HasErrorType(p.Type))
                {
                    compilerErrors = true; // the compiler reports the unknown type itself (a missing using, a typo)
                    continue;
                }

                if (t is null)
                {
                    diagnostics.Add(Diagnostic.Create(Diagnostics.UnsupportedType, pat, $"Parameter '{p.Name}' of {memberName}", p.Type.ToDisplayString(), why));
                    continue;
                }

                m.Parameters.Add((Escape(p.Name), t));
            }

            if (m.Parameters.Count(a => a.Type.Kind == WireKind.Capability) > 1)
            {
                diagnostics.Add(Diagnostic.Create(Diagnostics.TooManyCapabilities, at, memberName,
                    m.Parameters.Count(a => a.Type.Kind == WireKind.Capability)));
            }

            if (m.RequestMinWords > 120)
            {
                diagnostics.Add(Diagnostic.Create(Diagnostics.TooManyWords, at, memberName, m.RequestMinWords));
            }

            if (!method.ReturnsVoid)
            {
                if (method.ReturnType is INamedTypeSymbol r && r.ContainingNamespace?.ToDisplayString() == "Smos.Protocol" && r.Name == "Result")
                {
                    if (r.TypeArguments.Length == 0)
                    {
                        m.Shape = ReturnShape.Result;
                    }
                    else
                    {
                        m.Shape = ReturnShape.ResultOf;
                        m.Result = WireOf(r.TypeArguments[0], out why, parameter: false);
                    }
                }
                else
                {
                    m.Shape = ReturnShape.Value;
                    m.Result = WireOf(method.ReturnType, out why, parameter: false);
                }

                if (m.Shape != ReturnShape.Result && m.Result is null && HasErrorType(method.ReturnType))
                {
                    compilerErrors = true;
                }
                else if (m.Shape != ReturnShape.Result && m.Result is null)
                {
                    diagnostics.Add(Diagnostic.Create(Diagnostics.UnsupportedType, at, $"The result of {memberName}", method.ReturnType.ToDisplayString(), why));
                }
                else if (m.Result is { MinWords: > 120 })
                {
                    diagnostics.Add(Diagnostic.Create(Diagnostics.TooManyWords, at, $"The result of {memberName}", m.Result.MinWords));
                }
            }

            if (!CheckMode(model, method, m, at, memberName, diagnostics))
            {
                continue;
            }

            if (method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Smos.Protocol.EventAttribute"))
            {
                string? fault = !method.ReturnsVoid ? "an event gets no reply, so it returns void: return void"
                    : m.OneWay ? "an event goes from the server to the client, a [OneWay] method from the client to the server: drop one of the two attributes"
                    : m.Parameters.Any(a => a.Type.Kind is WireKind.Capability or WireKind.ByteSpan) ? "an event carries no capability or ReadOnlySpan<byte> (its words wait in a queue): use byte[], or send the capability in a method's result"
                    : m.RequestMinWords > MaxEventWords ? $"an event carries at most {MaxEventWords} words and this one needs {m.RequestMinWords} at least: send less, or let the client fetch it with a method"
                    : null;
                if (fault is not null)
                {
                    diagnostics.Add(Diagnostic.Create(Diagnostics.BadProtocol, at, memberName, fault));
                    continue;
                }

                m.IsEvent = true;
                m.Number = model.Events.Count + 1;
                model.Events.Add(m);
                continue;
            }

            m.Number = model.Methods.Count + 1;
            model.Methods.Add(m);
        }

        int maxMethods = model.Events.Count > 0 ? EventsMethod - 1 : 255;
        if (!model.FixedLabels && model.Methods.Count > maxMethods)
        {
            diagnostics.Add(Diagnostic.Create(Diagnostics.BadProtocol, where, display, $"more than {maxMethods} methods (the method number is 8 bits of the label{(model.Events.Count > 0 ? "; 255 takes the events" : "")}): split the protocol"));
        }

        return diagnostics.Count == before && !compilerErrors ? model : null;
    }

    /// <summary>ProtocolWire.MaxEventWords and ProtocolWire.EventsMethod (protocol/TypedProtocols.cs).</summary>
    public const int MaxEventWords = 118;

    public const int EventsMethod = 255;

    // Names the generated types use themselves (client, server, its base classes, object, the fuzzer's target).
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "Badge", "CallerPid", "Connection", "Open", "OpenWhenPublished", "Close", "Hello", "Handle", "HandleWords", "OnEvent", "OnShared",
        "OnDoorbell", "KeepServing", "ClientLimit", "ClientsClosed", "Equals", "GetHashCode", "ToString", "GetType",
        "MemberwiseClone", "Finalize", "FuzzBegin", "FuzzSame", "FuzzCalls", "FuzzFailure", "TakeEvents", "ServeEvents",
    };

    /// <summary>ProtocolWire.IdOf (protocol/TypedProtocols.cs), computed at build time.</summary>
    public static uint IdOf(string name)
    {
        uint h = 2166136261;
        foreach (char c in name)
        {
            h = unchecked((h ^ (uint)(c & 0xFF)) * 16777619);
            h = unchecked((h ^ (uint)(c >> 8)) * 16777619);
        }

        return (h >> 16) ^ (h & 0xFFFF);
    }

    private static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private const string Scalars = "an integer type (byte..ulong), bool or an enum";

    // True when the type (or a type argument or element of it) is one the compiler could not resolve.
    private static bool HasErrorType(ITypeSymbol type) => type switch
    {
        IErrorTypeSymbol => true,
        IArrayTypeSymbol a => HasErrorType(a.ElementType),
        INamedTypeSymbol n => n.TypeArguments.Any(HasErrorType),
        _ => false,
    };

    /// <summary>The wire form of <paramref name="type"/>, or null with <paramref name="why"/> (the reason and the fix).</summary>
    private static WireType? WireOf(ITypeSymbol type, out string why, bool parameter)
    {
        why = $"use {Scalars}, string, byte[], ReadOnlySpan<byte> (parameters), an array of integers, bools or enums, a struct of such fields, or a capability (Endpoint or Notification)";
        if (type is INamedTypeSymbol { Name: "Endpoint" or "Notification", TypeArguments.Length: 0 } cap && cap.ContainingNamespace?.ToDisplayString() == "Smos.Sel4")
        {
            return new WireType { Kind = WireKind.Capability, Name = cap.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) };
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return new WireType { Kind = WireKind.String, Name = "string" };
        }

        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            if (array.ElementType.SpecialType == SpecialType.System_Byte)
            {
                return new WireType { Kind = WireKind.Bytes, Name = "byte[]" };
            }

            WireType? element = Scalar(array.ElementType);
            if (element is null)
            {
                why = $"an array's elements must be {Scalars} (one word each); a byte[] is packed";
                return null;
            }

            return new WireType { Kind = WireKind.Array, Name = element.Name + "[]", Element = element };
        }

        if (type is INamedTypeSymbol { Name: "ReadOnlySpan", TypeArguments.Length: 1 } words && words.ContainingNamespace?.ToDisplayString() == "System" &&
            words.TypeArguments[0].SpecialType == SpecialType.System_UInt64)
        {
            return new WireType { Kind = WireKind.WordSpan, Name = "ReadOnlySpan<ulong>" };
        }

        if (type is INamedTypeSymbol { Name: "ReadOnlySpan", TypeArguments.Length: 1 } span && span.ContainingNamespace?.ToDisplayString() == "System" &&
            span.TypeArguments[0].SpecialType == SpecialType.System_Byte)
        {
            if (!parameter)
            {
                why = "a result cannot be a span (it would outlive the reply): return byte[]";
                return null;
            }

            return new WireType { Kind = WireKind.ByteSpan, Name = "ReadOnlySpan<byte>" };
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None, IsGenericType: false } st && !st.IsRefLikeType &&
            st.ContainingNamespace?.ToDisplayString() is not ("System" or "Smos.Sel4"))
        {
            var w = new WireType { Kind = WireKind.Struct, Name = st.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) };
            foreach (IFieldSymbol f in st.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst))
            {
                WireType? ft = Scalar(f.Type);
                if (ft is null || f.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Public || f.IsReadOnly || f.IsImplicitlyDeclared)
                {
                    why = $"a struct travels field by field: every instance field must be public, not readonly, and of {Scalars} ('{f.AssociatedSymbol?.Name ?? f.Name}' is not)";
                    return null;
                }

                w.Fields.Add((Escape(f.Name), ft));
            }

            if (w.Fields.Count == 0 || w.Fields.Count > 16)
            {
                why = "a struct carries 1 to 16 fields";
                return null;
            }

            return w;
        }

        return Scalar(type);
    }

    private static WireType? Scalar(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying } e)
        {
            WireType? u = Integer(underlying.SpecialType);
            if (u is null)
            {
                return null;
            }

            u.Kind = WireKind.Enum;
            u.Name = e.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            u.IsFlags = e.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.FlagsAttribute");
            ulong mask = 0;
            foreach (IFieldSymbol f in e.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue))
            {
                if (u.IsUnsigned)
                {
                    ulong value = Convert.ToUInt64(f.ConstantValue, CultureInfo.InvariantCulture);
                    mask |= value;
                    u.Values.Add(value.ToString(CultureInfo.InvariantCulture) + "UL");
                }
                else
                {
                    long value = Convert.ToInt64(f.ConstantValue, CultureInfo.InvariantCulture);
                    mask |= unchecked((ulong)value);
                    u.Values.Add(value == long.MinValue ? "long.MinValue" : value.ToString(CultureInfo.InvariantCulture) + "L");
                }
            }

            u.Values = u.Values.Distinct().ToList();
            u.FlagsMask = "0x" + mask.ToString("X", CultureInfo.InvariantCulture) + "UL";
            return u;
        }

        if (type.SpecialType == SpecialType.System_Boolean)
        {
            return new WireType { Kind = WireKind.Bool, Name = "bool", Keyword = "bool" };
        }

        return Integer(type.SpecialType);
    }

    private static WireType? Integer(SpecialType special)
    {
        (string? keyword, bool unsigned) = special switch
        {
            SpecialType.System_SByte => ("sbyte", false),
            SpecialType.System_Int16 => ("short", false),
            SpecialType.System_Int32 => ("int", false),
            SpecialType.System_Int64 => ("long", false),
            SpecialType.System_Byte => ("byte", true),
            SpecialType.System_UInt16 => ("ushort", true),
            SpecialType.System_UInt32 => ("uint", true),
            SpecialType.System_UInt64 => ("ulong", true),
            _ => ((string?)null, false),
        };
        return keyword is null ? null : new WireType { Kind = unsigned ? WireKind.Unsigned : WireKind.Signed, Name = keyword, Keyword = keyword, IsUnsigned = unsigned };
    }
}
