// FixedLabels protocols (the root task's own): fixed label constants, encoders, decoders into Args values, reply codecs, the fuzzer, the rules.
using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Smos.Protocol;
using Xunit;

namespace Smos.Protocols.Generator.Tests;

public class FixedLabelsTests
{
    private const string Sample = """
        using System;
        using Smos.Protocol;
        namespace Fixed;
        public enum Mode : byte { Off = 0, On = 1 }
        public struct Range { public ulong Start; public uint Pages; }
        [SmosProtocol("fixed", FixedLabels = true)]
        public interface IFixed
        {
            [Label(1)] void Print(ReadOnlySpan<byte> text);
            [Label(2)] void Exit(long code);
            [Label(7)] ulong GetPid();
            [Label(9)] void Panic(ulong pc, ReadOnlySpan<ulong> callers, ReadOnlySpan<byte> text);
            [Label(12)] ulong Spawn(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, Range quota, Mode mode);
            [Label(30)] ulong[] List(ulong first);
            [Label(31)] Range Where(bool big);
            [Label(32)] ReadOnlySpan<ulong> Page(ulong first);
        }

        // What the tests call through reflection (spans cannot cross it).
        public static class Probe
        {
            public static ulong[] Words(Span<ulong> words, int n) => n < 0 ? null! : words.Slice(0, n).ToArray();

            public static ulong[] Print(byte[] text) { var w = new ulong[120]; return Words(w, FixedProtocol.EncodePrint(text, w)); }

            public static string DecodePrint(ulong[] words, int scratch)
            {
                ProtocolError e = FixedProtocol.DecodePrint(words, new byte[scratch], out PrintArgs a);
                return e == ProtocolError.Ok ? "Ok " + System.Text.Encoding.ASCII.GetString(a.Text) : e.ToString();
            }

            public static ulong[] Panic(ulong pc, ulong[] callers, byte[] text) { var w = new ulong[120]; return Words(w, FixedProtocol.EncodePanic(pc, callers, text, w)); }

            public static string DecodePanic(ulong[] words)
            {
                ProtocolError e = FixedProtocol.DecodePanic(words, new byte[960], out PanicArgs a);
                return e == ProtocolError.Ok ? $"Ok pc={a.Pc:X} callers={string.Join(",", a.Callers.ToArray())} text={System.Text.Encoding.ASCII.GetString(a.Text)}" : e.ToString();
            }

            public static string DecodeSpawn(ulong[] words)
            {
                ProtocolError e = FixedProtocol.DecodeSpawn(words, new byte[960], out SpawnArgs a);
                return e == ProtocolError.Ok ? $"Ok {System.Text.Encoding.ASCII.GetString(a.Name)} [{System.Text.Encoding.ASCII.GetString(a.Args)}] {a.Quota.Start:X}/{a.Quota.Pages} {a.Mode}" : e.ToString();
            }

            public static ulong[] Spawn(string name, string args, ulong start, uint pages, int mode)
            {
                var w = new ulong[120];
                return Words(w, FixedProtocol.EncodeSpawn(System.Text.Encoding.ASCII.GetBytes(name), System.Text.Encoding.ASCII.GetBytes(args), new Range { Start = start, Pages = pages }, (Mode)mode, w));
            }

            public static string Exit(ulong[] words) { ProtocolError e = FixedProtocol.DecodeExit(words, out ExitArgs a); return e == ProtocolError.Ok ? "Ok " + a.Code : e.ToString(); }

            public static string GetPid(ulong[] words) => FixedProtocol.DecodeGetPid(words).ToString();

            public static string ListReply(ulong[] values)
            {
                var w = new ulong[120];
                int n = FixedProtocol.EncodeListReply(values, w);
                return FixedProtocol.DecodeListReply(w.AsSpan(0, n), out ulong[] back) ? $"{n}: {string.Join(",", back)}" : "refused";
            }

            public static string PageReply(ulong[] values)
            {
                var w = new ulong[120];
                int n = FixedProtocol.EncodePageReply(values, w);
                return FixedProtocol.DecodePageReply(w.AsSpan(0, n), out ReadOnlySpan<ulong> back) ? $"{n}: {string.Join(",", back.ToArray())}" : "refused";
            }

            public struct Loop : IFixedTransport
            {
                public ulong Answer;
                public ulong[] ReplyWords;
                public ulong LastLabel;
                public int LastLength;

                public ulong RequestTooLarge => 901;

                public ulong MalformedReply => 902;

                public ulong Call(ulong label, ReadOnlySpan<ulong> request, Span<ulong> reply, out int replyLength)
                {
                    LastLabel = label;
                    LastLength = request.Length;
                    replyLength = Math.Min(ReplyWords.Length, reply.Length);
                    ReplyWords.AsSpan(0, replyLength).CopyTo(reply);
                    return Answer;
                }
            }

            public static string ClientGetPid(ulong answer, ulong[] words)
            {
                var t = new Loop { Answer = answer, ReplyWords = words };
                ulong label = FixedClient.GetPid(ref t, out ulong pid);
                return $"{label} {pid} {t.LastLabel}/{t.LastLength}";
            }

            public static string ClientPrint(int bytes)
            {
                var t = new Loop { ReplyWords = [0] };
                ulong label = FixedClient.Print(ref t, new byte[bytes]);
                return $"{label} {t.LastLabel}/{t.LastLength}";
            }

            public static string ClientPage(ulong[] words)
            {
                var t = new Loop { ReplyWords = words };
                var buffer = new ulong[120];
                ulong label = FixedClient.Page(ref t, 3, buffer, out ReadOnlySpan<ulong> page);
                return $"{label} {string.Join(",", page.ToArray())} {t.LastLabel}/{t.LastLength}";
            }

            public static string WhereReply(ulong[] words) => FixedProtocol.DecodeWhereReply(words, out Range r) ? $"{r.Start:X}/{r.Pages}" : "refused";
        }
        """;

    private static readonly Lazy<Type> ProbeType = new(() => Codec!.Value.Assembly.GetType("Fixed.Probe")!);

    private static object? Probe(string method, params object?[] args) => ProbeType.Value.GetMethod(method)!.Invoke(null, args);

    private static readonly Lazy<Type> Codec = new(() =>
    {
        GeneratorRun run = GeneratorHarness.Run(Sample, withLibsmos: true);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Errors);
        return GeneratorHarness.Load(run.Output).GetType("Fixed.FixedProtocol")!;
    });

    private static object? Call(string method, params object?[] args) => Codec.Value.GetMethod(method)!.Invoke(null, args);

    [Fact]
    public void TheCodecAndAClientAreGeneratedAndEachLabelIsTheDeclaredOne()
    {
        GeneratorRun run = GeneratorHarness.Run(Sample, withLibsmos: true);
        string generated = Assert.Single(run.Generated);
        Assert.Contains("static partial class FixedClient", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("class FixedServer", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Hello", generated, StringComparison.Ordinal);
        Assert.Equal(1UL, (ulong)Codec.Value.GetField("PrintLabel")!.GetValue(null)!);
        Assert.Equal(9UL, (ulong)Codec.Value.GetField("PanicLabel")!.GetValue(null)!);
        Assert.Equal(31UL, (ulong)Codec.Value.GetField("WhereLabel")!.GetValue(null)!);
    }

    [Fact]
    public void APrintRequestIsACountAndThePackedBytesAsTheRootTaskHasAlwaysHadIt()
    {
        // MR0 = n, the bytes from MR1 packed eight to a word, little-endian, the last word's padding zero.
        ulong[] words = (ulong[])Probe("Print", System.Text.Encoding.ASCII.GetBytes("hello, world"))!;
        Assert.Equal(new ulong[] { 12, 0x77202C6F6C6C6568, 0x646C726F }, words);
        Assert.Equal("Ok hello, world", Probe("DecodePrint", words, 64));
    }

    [Fact]
    public void ADecoderRefusesEachMalformedRequestWithThePreciseError()
    {
        ulong[] words = (ulong[])Probe("Print", System.Text.Encoding.ASCII.GetBytes("hello, world"))!;
        Assert.Equal("BadArgument", Probe("DecodePrint", words, 8)); // more bytes than the scratch holds
        Assert.Equal("WrongLength", Probe("DecodePrint", words.Concat(new ulong[] { 0 }).ToArray(), 64)); // a word too many
        Assert.Equal("WrongLength", Probe("DecodePrint", new ulong[] { 12, 0x77202C6F6C6C6568 }, 64)); // a word too few
        Assert.Equal("WrongLength", Probe("DecodePrint", new ulong[] { ulong.MaxValue }, 64)); // a count past any message
        Assert.Equal("BadArgument", Probe("DecodePrint", new ulong[] { 12, 0x77202C6F6C6C6568, 0xFF00646C726F }, 64)); // padding not zero
        Assert.Equal("WrongLength", Probe("DecodePrint", Array.Empty<ulong>(), 64));
        Assert.Equal("Ok -5", Probe("Exit", new ulong[] { unchecked((ulong)-5L) }));
        Assert.Equal("WrongLength", Probe("Exit", new ulong[] { 1, 2 }));
        Assert.Equal("Ok", Probe("GetPid", Array.Empty<ulong>()));
        Assert.Equal("WrongLength", Probe("GetPid", new ulong[] { 0 }));
    }

    [Fact]
    public void WordSpansStructsAndEnumsRoundTripAndAreChecked()
    {
        ulong[] panic = (ulong[])Probe("Panic", 0x4000UL, new ulong[] { 0x10, 0x20 }, System.Text.Encoding.ASCII.GetBytes("boom"))!;
        Assert.Equal(new ulong[] { 0x4000, 2, 0x10, 0x20, 4, 0x6D6F6F62 }, panic);
        Assert.Equal("Ok pc=4000 callers=16,32 text=boom", Probe("DecodePanic", panic));
        panic[1] = 5; // more callers than the message holds
        Assert.Equal("WrongLength", Probe("DecodePanic", panic));
        panic[1] = 2;
        panic[5] |= 0xFF00_0000_0000; // a padding byte that is not zero
        Assert.Equal("BadArgument", Probe("DecodePanic", panic));

        ulong[] spawn = (ulong[])Probe("Spawn", "hello", "a b", 0x1000UL, 64u, 1)!;
        Assert.Equal("Ok hello [a b] 1000/64 On", Probe("DecodeSpawn", spawn));
        // In declaration order: the name (a count and its word), the args (likewise), the quota's two fields, the mode.
        Assert.Equal(new ulong[] { 5, 0x6F6C6C6568, 3, 0x622061, 0x1000, 64, 1 }, spawn);
        spawn[5] = 1UL << 32; // Pages is a uint
        Assert.Equal("BadArgument", Probe("DecodeSpawn", spawn));
        spawn[5] = 64;
        spawn[6] = 2; // Mode has no value 2
        Assert.Equal("BadArgument", Probe("DecodeSpawn", spawn));
    }

    [Fact]
    public void RepliesHaveEncodersAndCheckingDecoders()
    {
        Assert.Equal("4: 7,8,9", Probe("ListReply", new ulong[] { 7, 8, 9 }));
        Assert.Equal("1000/3", Probe("WhereReply", new ulong[] { 0x1000, 3 }));
        Assert.Equal("3: 5,6", Probe("PageReply", new ulong[] { 5, 6 }));
        Assert.Equal("refused", Probe("WhereReply", new ulong[] { 0x1000, 1UL << 40 }));
        Assert.Equal("refused", Probe("WhereReply", new ulong[] { 0x1000 }));
    }

    [Fact]
    public void TheClientEncodesCallsAndChecksTheReply()
    {
        Assert.Equal("0 42 7/0", Probe("ClientGetPid", 0UL, new ulong[] { 42 })); // label 7, no words, the reply's word
        Assert.Equal("5 0 7/0", Probe("ClientGetPid", 5UL, new ulong[] { 42 })); // the server's error: no result
        Assert.Equal("902 0 7/0", Probe("ClientGetPid", 0UL, Array.Empty<ulong>())); // Ok without the result's word
        Assert.Equal("0 1/3", Probe("ClientPrint", 12)); // 12 bytes: a count and two words
        Assert.Equal("901 0/0", Probe("ClientPrint", 2000)); // too many for one message: not sent
        Assert.Equal("0 8,9 32/1", Probe("ClientPage", new ulong[] { 2, 8, 9 }));
        Assert.Equal("902  32/1", Probe("ClientPage", new ulong[] { 5, 8, 9 })); // a count that does not match the words
    }

    [Theory]
    [InlineData("[Label(1)] void A(); [Label(1)] void B();", "is also the label of A")]
    [InlineData("void A();", "needs its request label: add [Label(n)]")]
    [InlineData("[Label(0)] void A();", "is outside 1 to 2^52 - 3")]
    [InlineData("[Label(1)] Result<ulong> A();", "returns its value itself (or void), not Result")]
    [InlineData("[Label(1), OneWay] void A();", "has no [OneWay] methods")]
    [InlineData("[Label(1)] void A(Smos.Sel4.Endpoint e);", "carries no capabilities")]
    [InlineData("[Label(1), Event] void A(ulong x);", "has no events")]
    public void AFixedLabelsProtocolsRulesAreReported(string members, string fix)
    {
        GeneratorRun run = GeneratorHarness.Run($$"""
            using System;
            using Smos.Protocol;
            [SmosProtocol("bad", FixedLabels = true)]
            public interface IBad { {{members}} }
            """, withLibsmos: true);
        Diagnostic d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SMOS106", d.Id);
        Assert.Contains(fix, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Label(1)] void A();", "[Label] is for protocols declared with FixedLabels = true")]
    [InlineData("void A(ReadOnlySpan<ulong> words);", "ReadOnlySpan<ulong> is for FixedLabels protocols only")]
    [InlineData("ReadOnlySpan<ulong> A();", "a result cannot be a span (it would outlive the reply) except in FixedLabels protocols")]
    public void WhatOnlyFixedLabelsProtocolsMayDeclareIsReportedElsewhere(string members, string fix)
    {
        GeneratorRun run = GeneratorHarness.Run($$"""
            using System;
            using Smos.Protocol;
            [SmosProtocol("bad", Version = 1)]
            public interface IBad { {{members}} }
            """, withLibsmos: true);
        Diagnostic d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Contains(fix, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheFuzzerFindsNoFailureAndReachesBothOutcomes(int seed)
    {
        var report = (ProtocolFuzzReport)Call("Fuzz", seed, 20000)!;
        Assert.True(report.Failures == 0, report.ToString());
        Assert.Equal(20000, report.Messages);
        Assert.True(report.Accepted > 2000 && report.Refused > 2000, report.ToString());
    }
}
