// Notifications for apps: the broker's named topics, and waiting on this process's own notification.
using System;
using System.Runtime.CompilerServices;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>Publish/subscribe through the root task's notification broker (docs/protocol.md).</summary>
[SkipLocalsInit] // the message spans are written by the encoders before they are read
public static class Topics
{
    /// <summary>Subscribes to <paramref name="topic"/>; <paramref name="bit"/> is the bit of this process's notification it will set.</summary>
    /// <example><code>Topics.Subscribe("temperature"u8, out ulong bit); ulong bits = Notifications.Wait(); if ((bits &amp; bit) != 0) { ... }</code></example>
    public static RootError Subscribe(ReadOnlySpan<byte> topic, out ulong bit) => NameRequest(RootRequest.Subscribe, topic, 0, out bit);

    /// <summary>Stops the subscription to <paramref name="topic"/>.</summary>
    public static RootError Unsubscribe(ReadOnlySpan<byte> topic) => NameRequest(RootRequest.Unsubscribe, topic, 0, out _);

    /// <summary>Records <paramref name="value"/> for <paramref name="topic"/> and signals every subscriber.</summary>
    /// <example><code>Topics.Publish("temperature"u8, 21, out ulong signalled);</code></example>
    public static RootError Publish(ReadOnlySpan<byte> topic, ulong value, out ulong signalled) =>
        NameRequest(RootRequest.PublishTopic, topic, value, out signalled);

    /// <summary>The last value published for <paramref name="topic"/>.</summary>
    public static RootError Read(ReadOnlySpan<byte> topic, out ulong value) => NameRequest(RootRequest.ReadTopic, topic, 0, out value);

    /// <summary><see cref="Subscribe(ReadOnlySpan{byte}, out ulong)"/> with a string topic (UTF-8 on the wire).</summary>
    /// <example><code>Topics.Subscribe("temperature", out ulong bit);</code></example>
    public static RootError Subscribe(string topic, out ulong bit) => NameRequest(RootRequest.Subscribe, topic, 0, out bit);

    /// <summary>Stops the subscription to <paramref name="topic"/>.</summary>
    public static RootError Unsubscribe(string topic) => NameRequest(RootRequest.Unsubscribe, topic, 0, out _);

    /// <summary>Records <paramref name="value"/> for <paramref name="topic"/> and signals every subscriber.</summary>
    /// <example><code>Topics.Publish("temperature", 21, out ulong signalled);</code></example>
    public static RootError Publish(string topic, ulong value, out ulong signalled) => NameRequest(RootRequest.PublishTopic, topic, value, out signalled);

    /// <summary>The last value published for <paramref name="topic"/>.</summary>
    public static RootError Read(string topic, out ulong value) => NameRequest(RootRequest.ReadTopic, topic, 0, out value);

    /// <summary>
    /// Opens <paramref name="topic"/> for publishing by handle: <see cref="Topic.Publish"/> then sends one word instead of
    /// the name (fewer instructions on both sides). A new topic is made and held by this process, as
    /// <see cref="Publish(ReadOnlySpan{byte}, ulong, out ulong)"/> makes it.
    /// </summary>
    /// <example><code>
    /// if (Topics.Open("temperature"u8, out Topic temperature) == RootError.Ok) { temperature.Publish(21, out _); }
    /// </code></example>
    public static RootError Open(ReadOnlySpan<byte> topic, out Topic opened)
    {
        opened = default;
        if (topic.Length == 0 || topic.Length > ConnectionAbi.MaxNameBytes)
        {
            return RootError.BadName;
        }

        RootError e = RootCall.OpenTopic(topic, out ulong handle);
        opened = new Topic(handle);
        return e;
    }

    /// <summary><see cref="Open(ReadOnlySpan{byte}, out Topic)"/> with a string topic (UTF-8 on the wire).</summary>
    public static RootError Open(string topic, out Topic opened)
    {
        Span<byte> utf8 = stackalloc byte[ConnectionAbi.MaxNameBytes];
        int n = Utf8Names.Encode(topic, utf8);
        opened = default;
        return n < 0 ? RootError.BadName : Open(utf8.Slice(0, n), out opened);
    }

    private static RootError NameRequest(RootRequest request, string topic, ulong value, out ulong reply0)
    {
        Span<byte> utf8 = stackalloc byte[ConnectionAbi.MaxNameBytes];
        int n = Utf8Names.Encode(topic, utf8);
        reply0 = 0;
        return n < 0 ? RootError.BadName : NameRequest(request, utf8.Slice(0, n), value, out reply0);
    }

    private static RootError NameRequest(RootRequest request, ReadOnlySpan<byte> name, ulong value, out ulong reply0)
    {
        reply0 = 0;
        if (name.Length == 0 || name.Length > ConnectionAbi.MaxNameBytes)
        {
            return RootError.BadName;
        }

        return RootCall.Topic(request, name, value, out reply0);
    }
}

/// <summary>
/// A topic opened with <see cref="Topics.Open(ReadOnlySpan{byte}, out Topic)"/>: its handle, one word that names it to the
/// broker. The handle stays valid while the topic exists; a topic that nobody holds or subscribes to may be forgotten
/// (docs/protocol.md), and then <see cref="Publish"/> answers <see cref="RootError.BadHandle"/>: open it again.
/// </summary>
public readonly struct Topic
{
    /// <summary>A topic with this handle (from <see cref="Topics.Open(ReadOnlySpan{byte}, out Topic)"/>).</summary>
    public Topic(ulong handle) { Handle = handle; }

    /// <summary>The broker's handle (0 for a topic that was never opened, which no topic has).</summary>
    public ulong Handle { get; }

    /// <summary>Records <paramref name="value"/> for this topic and signals every subscriber (<paramref name="signalled"/> of them).</summary>
    public RootError Publish(ulong value, out ulong signalled) => RootCall.PublishHandle(Handle, value, out signalled);
}

/// <summary>This process's own notification (cap slot 5): topic bits and connection events arrive here.</summary>
public static partial class Notifications
{
    /// <summary>Blocks until some bit is signalled; returns the bits (and clears them).</summary>
    public static ulong Wait() => new Notification(CapSlots.Notification).Wait();

    /// <summary>The bits signalled so far (clearing them), or 0 without blocking.</summary>
    public static ulong Poll() => new Notification(CapSlots.Notification).Poll();

    /// <summary>
    /// A copy of this process's notification that can only signal it, with <paramref name="badge"/> as the bits it sets
    /// (CNode_Mint into a free slot): for another process to wake this one, for example passed as a
    /// <see cref="Notification"/> argument of a typed call. False when no slot is free or the badge is 0. Give the
    /// slot back with <see cref="CapSpace.Delete"/> when done; copies held by others stay valid until then.
    /// </summary>
    /// <example><code>
    /// if (Notifications.Mint(1UL &lt;&lt; 20, out Notification wake)) { kv.Watch("user/1", wake); }
    /// if ((Notifications.Wait() &amp; (1UL &lt;&lt; 20)) != 0) { /* user/1 changed */ }
    /// </code></example>
    public static bool Mint(ulong badge, out Notification copy)
    {
        copy = default;
        if (badge == 0 || !CapSpace.TryAlloc(out ulong slot))
        {
            return false;
        }

        var self = new CNode(CapSlots.SelfCNode, 64);
        if (!self.Mint(slot, self, CapSlots.Notification, CapRights.Write, badge).IsOk)
        {
            CapSpace.Free(slot);
            return false;
        }

        copy = new Notification(slot);
        return true;
    }
}
