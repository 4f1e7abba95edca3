// The protocol model's parts: how a value travels (WireKind, WireType) and what a method is (ProtocolMethod).
using System.Collections.Generic;
using System.Linq;

namespace Smos.Protocols.Generator;

/// <summary>How one value travels in message words.</summary>
internal enum WireKind
{
    Signed,
    Unsigned,
    Bool,
    Enum,

    /// <summary>A struct of scalar fields: one word per field, in declaration order.</summary>
    Struct,

    /// <summary>A string: a length word (UTF-8 bytes), then the bytes packed eight to a word.</summary>
    String,

    /// <summary>A byte[]: as a string, raw bytes.</summary>
    Bytes,

    /// <summary>A ReadOnlySpan&lt;byte&gt; parameter: as byte[]; the server's copy lives in its scratch buffer.</summary>
    ByteSpan,

    /// <summary>An array of a scalar type: a count word, then one word per element.</summary>
    Array,

    /// <summary>
    /// A capability (Smos.Sel4.Endpoint or Notification): no words; it travels in the IPC buffer's extra-capability
    /// word into the receiver's receive slot. One per message at most (the receiver has one receive slot).
    /// </summary>
    Capability,

    /// <summary>
    /// A ReadOnlySpan&lt;ulong&gt; parameter, in FixedLabels protocols only: a count word, then the words; the decoder's
    /// value is a slice of the request's words (no copy).
    /// </summary>
    WordSpan,
}

/// <summary>A parameter's or result's type on the wire: one word (scalars), a fixed run of words (structs) or a length and contents.</summary>
internal sealed class WireType
{
    public WireKind Kind;

    /// <summary>For <see cref="WireKind.Array"/>: the element type (a scalar).</summary>
    public WireType? Element;

    /// <summary>For <see cref="WireKind.Struct"/>: the fields (scalars) in declaration order.</summary>
    public List<(string Name, WireType Type)> Fields = new();

    /// <summary>True for the one-word kinds.</summary>
    public bool IsScalar => Kind <= WireKind.Enum;

    /// <summary>The words a value always takes, or -1 when its length travels with it.</summary>
    public int FixedWords => IsScalar ? 1 : Kind == WireKind.Struct ? Fields.Count : Kind == WireKind.Capability ? 0 : -1;

    /// <summary>The fewest words a value takes (a variable one: its length word).</summary>
    public int MinWords => Kind == WireKind.Struct ? Fields.Count : Kind == WireKind.Capability ? 0 : 1;

    /// <summary>The C# type as written in generated code (global::-qualified for enums).</summary>
    public string Name = "";

    /// <summary>The integer keyword the value is range-checked as (the underlying type for an enum).</summary>
    public string Keyword = "";

    /// <summary>True when <see cref="Keyword"/> is an unsigned type.</summary>
    public bool IsUnsigned;

    /// <summary>For an enum: the defined values as literals of long (signed) or ulong (unsigned).</summary>
    public List<string> Values = new();

    /// <summary>For a [Flags] enum: any combination of the defined bits is valid.</summary>
    public bool IsFlags;

    /// <summary>For a [Flags] enum: the union of its values as a word literal.</summary>
    public string FlagsMask = "0UL";
}

/// <summary>What a method returns: nothing, a value, a <c>Result</c> or a <c>Result&lt;T&gt;</c>.</summary>
internal enum ReturnShape
{
    Void,
    Value,
    Result,
    ResultOf,
}

internal sealed class ProtocolMethod
{
    public string Name = "";
    public int Number;
    public List<(string Name, WireType Type)> Parameters = new();
    public ReturnShape Shape;

    /// <summary>The value type for <see cref="ReturnShape.Value"/> and <see cref="ReturnShape.ResultOf"/>.</summary>
    public WireType? Result;

    /// <summary>The return type as the interface declares it.</summary>
    public string DeclaredReturn = "void";

    /// <summary>[Event]: the server raises it for a client (numbered among the events, not the methods).</summary>
    public bool IsEvent;

    /// <summary>[OneWay]: the client sends it (seL4_Send) and does not wait for a reply.</summary>
    public bool OneWay;

    /// <summary>In a FixedLabels protocol: the request label ([Label]).</summary>
    public ulong Label;

    /// <summary>The request's words when every parameter is fixed, else -1.</summary>
    public int RequestFixedWords => Parameters.All(p => p.Type.FixedWords >= 0) ? Parameters.Sum(p => p.Type.FixedWords) : -1;

    /// <summary>The fewest words a request takes.</summary>
    public int RequestMinWords => Parameters.Sum(p => p.Type.MinWords);

    /// <summary>The reply's words when the result is fixed (0 without a value), else -1.</summary>
    public int ReplyFixedWords => Result is null ? 0 : Result.FixedWords;

    /// <summary>
    /// True when requests and replies always fit in MR0-3 and carry no capability: the register path (words in CPU
    /// registers, no IPC-buffer scope); otherwise the words path (MR4 and up, and capabilities, through scopes).
    /// </summary>
    public bool OnRegisters => !HasCaps && RequestFixedWords is >= 0 and <= 4 && ReplyFixedWords is >= 0 and <= 4;

    /// <summary>
    /// True for a words-path method of fixed size both ways, without capabilities and not one-way: the generated client
    /// and server move its words straight between locals and the message registers (MR0-3 in registers, MR4 and up in
    /// one scope each way), with no buffer between; anything unexpected goes through DispatchWords.
    /// </summary>
    public bool OnDirectWords => !OnRegisters && !HasCaps && !OneWay && RequestFixedWords is >= 0 and <= 120 && ReplyFixedWords is >= 0 and <= 120;

    /// <summary>The index of the capability parameter, or -1.</summary>
    public int CapParameter => Parameters.FindIndex(p => p.Type.Kind == WireKind.Capability);

    /// <summary>True when the result is a capability (it travels in the reply's extra-capability word).</summary>
    public bool CapResult => Result is { Kind: WireKind.Capability };

    /// <summary>True when a capability travels either way.</summary>
    public bool HasCaps => CapParameter >= 0 || CapResult;

    /// <summary>
    /// True when a request or reply can be larger than the IPC buffer (a variable-size argument or result) and so may
    /// travel through the connection's shared page; never for [OneWay] (the client does not wait for the server to
    /// read the page).
    /// </summary>
    public bool UsesShared => !OneWay && (RequestFixedWords < 0 || ReplyFixedWords < 0);

    /// <summary>True when the request can be larger than the IPC buffer.</summary>
    public bool SharedRequest => !OneWay && RequestFixedWords < 0;
}
