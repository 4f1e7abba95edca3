// The connection server's and the broker's requests that carry more than one word: names, a share, a published value.
using System;

// Each type's summary gives its layout; Label, Encode and Decode are the same three members on every type.
#pragma warning disable CS1591

namespace Smos.Protocol;

/// <summary>ConnPublish: MR0 = name length, MR1 = where to map the notification buffer, the name from MR2. Reply: handle, endpoint cap.</summary>
public static class PublishRequest
{
    public const RootRequest Label = RootRequest.ConnPublish;

    public static int Encode(ReadOnlySpan<byte> name, ulong bufferAddress, Span<ulong> mrs) => Shapes.EncodeName(name, 2, bufferAddress, mrs);

    public static RootError Decode(ReadOnlySpan<ulong> message, Span<byte> name, out int nameLength, out ulong bufferAddress) =>
        Shapes.DecodeName(message, 2, name, out nameLength, out bufferAddress);
}

/// <summary>
/// The requests whose argument is one name: ConnOpen (reply: handle, endpoint cap), Subscribe (reply: the notification
/// bit as a mask), Unsubscribe, ReadTopic (reply: the last value). MR0 = name length, the name from MR1.
/// </summary>
public static class NameRequest
{
    public static int Encode(ReadOnlySpan<byte> name, Span<ulong> mrs) => Shapes.EncodeName(name, 1, 0, mrs);

    public static RootError Decode(ReadOnlySpan<ulong> message, Span<byte> name, out int nameLength) =>
        Shapes.DecodeName(message, 1, name, out nameLength, out _);
}

/// <summary>PublishTopic: MR0 = name length, MR1 = value, the name from MR2. Reply MR0 = subscribers signalled.</summary>
public static class PublishTopicRequest
{
    public const RootRequest Label = RootRequest.PublishTopic;

    public static int Encode(ReadOnlySpan<byte> name, ulong value, Span<ulong> mrs) => Shapes.EncodeName(name, 2, value, mrs);

    public static RootError Decode(ReadOnlySpan<ulong> message, Span<byte> name, out int nameLength, out ulong value) =>
        Shapes.DecodeName(message, 2, name, out nameLength, out value);
}
