// A sample protocol with every supported type, a server implementing it, and checks run on the host through the generated code.
using System;
using System.Collections.Generic;
using Smos.Protocol;
using Smos.Sel4;

namespace Sample;

public enum Color : byte { Red = 1, Green = 2, Blue = 4 }

[Flags]
public enum Perm : uint { None = 0, Read = 1, Write = 2, Exec = 8 }

public enum Delta : int { Minus = -1, Zero = 0, Plus = 1 }

[SmosProtocol("calc", Version = 3)]
public partial interface ICalc
{
    long Add(long a, long b);

    Result<int> Divide(int a, int b);

    bool IsEven(ulong v);

    Color Next(Color c);

    void Reset();

    Result Check(bool flag, sbyte s, ushort u, Perm p);

    Delta Sign(Delta d, short s, byte b, uint u);
}

/// <summary>The implementation: records every call it sees, re-encoded, so a check can compare it with the words sent.</summary>
public sealed class Calc : CalcServer
{
    public int Calls;
    public int LastLength;
    public ulong W0, W1, W2, W3;

    public override long Add(long a, long b) { Seen(CalcProtocol.EncodeAdd(a, b, out W0, out W1, out W2, out W3)); return unchecked(a + b); }

    public override Result<int> Divide(int a, int b)
    {
        Seen(CalcProtocol.EncodeDivide(a, b, out W0, out W1, out W2, out W3));
        if (b == 0)
        {
            return Result<int>.Fail(7);
        }

        return b == -1 ? unchecked(-a) : a / b;
    }

    public override bool IsEven(ulong v) { Seen(CalcProtocol.EncodeIsEven(v, out W0, out W1, out W2, out W3)); return v % 2 == 0; }

    public override Color Next(Color c) { Seen(CalcProtocol.EncodeNext(c, out W0, out W1, out W2, out W3)); return c == Color.Blue ? Color.Red : (Color)((byte)c * 2); }

    public override void Reset() { Seen(CalcProtocol.EncodeReset(out W0, out W1, out W2, out W3)); }

    public override Result Check(bool flag, sbyte s, ushort u, Perm p) { Seen(CalcProtocol.EncodeCheck(flag, s, u, p, out W0, out W1, out W2, out W3)); return flag ? Result.Ok : Result.Fail(1); }

    public override Delta Sign(Delta d, short s, byte b, uint u) { Seen(CalcProtocol.EncodeSign(d, s, b, u, out W0, out W1, out W2, out W3)); return s < 0 ? Delta.Minus : s == 0 ? Delta.Zero : Delta.Plus; }

    private void Seen(int length)
    {
        Calls++;
        LastLength = length;
    }

    /// <summary>One request through the server's Handle, as Server.Run would pass it.</summary>
    public MessageInfo Serve(ulong label, int length, ref FastMessage m, int extraCaps = 0) => Handle(42, new MessageInfo(label, 0, extraCaps, length), ref m);
}

public static class Checks
{
    private static readonly List<string> Failures = new();

    private static void Expect(bool ok, string what)
    {
        if (!ok)
        {
            Failures.Add(what);
        }
    }

    /// <summary>Round trips of every method, client encoding to server dispatch to client decoding.</summary>
    public static string RoundTrips()
    {
        Failures.Clear();
        var calc = new Calc();
        FastMessage m = default;

        int n = CalcProtocol.EncodeAdd(long.MinValue, -1, out m.Mr0, out m.Mr1, out m.Mr2, out m.Mr3);
        MessageInfo r = calc.Serve(CalcProtocol.AddLabel, n, ref m);
        Result<long> add = CalcProtocol.DecodeAddReply(r.Label, r.Length, m.Mr0, m.Mr1, m.Mr2, m.Mr3);
        Expect(add.IsOk && add.Value == long.MaxValue, "Add(long.MinValue, -1) wraps to long.MaxValue");

        n = CalcProtocol.EncodeDivide(int.MinValue, 2, out m.Mr0, out m.Mr1, out m.Mr2, out m.Mr3);
        r = calc.Serve(CalcProtocol.DivideLabel, n, ref m);
        Result<int> div = CalcProtocol.DecodeDivideReply(r.Label, r.Length, m.Mr0, m.Mr1, m.Mr2, m.Mr3);
        Expect(div.IsOk && div.Value == int.MinValue / 2, "Divide(int.MinValue, 2)");

        n = CalcProtocol.EncodeDivide(5, 0, out m.Mr0, out m.Mr1, out m.Mr2, out m.Mr3);
        r = calc.Serve(CalcProtocol.DivideLabel, n, ref m);
        div = CalcProtocol.DecodeDivideReply(r.Label, r.Length, m.Mr0, m.Mr1, m.Mr2, m.Mr3);
        Expect(!div.IsOk && div.Error == ProtocolWire.AppError(7) && ProtocolWire.IsAppError(div.Error), "Divide by 0 gives the implementation's error 7");

        n = CalcProtocol.EncodeIsEven(ulong.MaxValue - 1, out m.Mr0, out m.Mr1, out m.Mr2, out m.Mr3);
        r = calc.Serve(CalcProtocol.IsEvenLabel, n, ref m);
        Result<bool> even = CalcProtocol.DecodeIsEvenReply(r.Label, r.Length, m.Mr0, m.Mr1, m.Mr2, m.Mr3);
        Expect(even.IsOk && even.Value, "IsEven(ulong.MaxValue - 1)");

        n = CalcProtocol.EncodeNext(Color.Blue, out m.Mr0, out m.Mr1, out m.Mr2, out m.Mr3);
        r = calc.Serve(CalcProtocol.NextLabel, n, ref m);
        Result<Color> next = CalcProtocol.DecodeNextReply(r.Label, r.Length, m.Mr0, m.Mr1, m.Mr2, m.Mr3);
        Expect(next.IsOk && next.Value == Color.Red, "Next(Blue) = Red");

        n = CalcProtocol.EncodeReset(out m.Mr0, out m.Mr1, out m.Mr2, out m.Mr3);
        r = calc.Serve(CalcProtocol.ResetLabel, n, ref m);
        Expect(n == 0 && CalcProtocol.DecodeResetReply(r.Label, r.Length, m.Mr0, m.Mr1, m.Mr2, m.Mr3).IsOk, "Reset()");

        n = CalcProtocol.EncodeCheck(true, sbyte.MinValue, ushort.MaxValue, Perm.Read | Perm.Exec, out m.Mr0, out m.Mr1, out m.Mr2, out m.Mr3);
        r = calc.Serve(CalcProtocol.CheckLabel, n, ref m);
        Expect(n == 4 && CalcProtocol.DecodeCheckReply(r.Label, r.Length, m.Mr0, m.Mr1, m.Mr2, m.Mr3).IsOk, "Check(true, -128, 65535, Read|Exec)");
        Expect(calc.W0 == 1 && calc.W1 == unchecked((ulong)(long)sbyte.MinValue) && calc.W2 == 65535 && calc.W3 == 9, "Check's arguments arrived as sent");

        n = CalcProtocol.EncodeCheck(false, 0, 0, Perm.None, out m.Mr0, out m.Mr1, out m.Mr2, out m.Mr3);
        r = calc.Serve(CalcProtocol.CheckLabel, n, ref m);
        Result check = CalcProtocol.DecodeCheckReply(r.Label, r.Length, m.Mr0, m.Mr1, m.Mr2, m.Mr3);
        Expect(check.Error == ProtocolWire.AppError(1), "Check(false, ...) fails with the implementation's error 1");

        n = CalcProtocol.EncodeSign(Delta.Minus, short.MinValue, byte.MaxValue, uint.MaxValue, out m.Mr0, out m.Mr1, out m.Mr2, out m.Mr3);
        r = calc.Serve(CalcProtocol.SignLabel, n, ref m);
        Result<Delta> sign = CalcProtocol.DecodeSignReply(r.Label, r.Length, m.Mr0, m.Mr1, m.Mr2, m.Mr3);
        Expect(sign.IsOk && sign.Value == Delta.Minus && calc.W0 == ulong.MaxValue, "Sign(Minus, short.MinValue, 255, uint.MaxValue)");
        Expect(calc.Calls == 9, $"9 calls reached the implementation, not {calc.Calls}");

        m = default;
        r = calc.Serve(CalcProtocol.HelloLabel, 0, ref m);
        Expect(CalcProtocol.DecodeHelloReply(r.Label, r.Length, m.Mr0, out int version) == ProtocolError.Ok && version == 3 && calc.Calls == 9, "the handshake answers version 3 without a call");
        m = default;
        r = calc.Serve(ProtocolWire.Label(CalcProtocol.Id, 2, 0), 0, ref m);
        Expect(CalcProtocol.DecodeHelloReply(r.Label, r.Length, m.Mr0, out version) == ProtocolError.WrongVersion && version == 3, "a version 2 handshake learns the server speaks 3");
        Expect(CalcProtocol.DecodeHelloReply(0, 1, 0, out _) == ProtocolError.WrongProtocol, "a hand-written server's echo is WrongProtocol");
        Expect(CalcProtocol.DecodeHelloReply((ulong)ProtocolError.ServerGone, 0, 0, out _) == ProtocolError.ServerGone, "ServerGone at the handshake");
        return string.Join("\n", Failures);
    }

    /// <summary>Each kind of invalid request gets its error, and the implementation is never called.</summary>
    public static string InvalidRequests()
    {
        Failures.Clear();
        var calc = new Calc();
        void Refused(string what, ulong label, int length, ulong w0, ulong w1, ulong w2, ulong w3, ProtocolError expected, int extraCaps = 0, int badIndex = -1)
        {
            var m = new FastMessage(w0, w1, w2, w3);
            MessageInfo r = calc.Serve(label, length, ref m, extraCaps);
            Expect(r.Label == (ulong)expected, $"{what}: reply label {r.Label}, expected {expected}");
            if (badIndex >= 0)
            {
                Expect(r.Length == 1 && m.Mr0 == (ulong)badIndex, $"{what}: BadArgument names argument {badIndex} (got length {r.Length}, MR0 {m.Mr0})");
            }
        }

        ulong other = ProtocolWire.Label(CalcProtocol.Id ^ 1, CalcProtocol.Version, 1);
        Refused("another protocol's id", other, 2, 1, 2, 0, 0, ProtocolError.WrongProtocol);
        Refused("label bits above the id", CalcProtocol.AddLabel | (1UL << 40), 2, 1, 2, 0, 0, ProtocolError.WrongProtocol);
        Refused("another version", ProtocolWire.Label(CalcProtocol.Id, CalcProtocol.Version + 1, 1), 2, 1, 2, 0, 0, ProtocolError.WrongVersion, badIndex: CalcProtocol.Version);
        Refused("the handshake with a word", CalcProtocol.HelloLabel, 1, 0, 0, 0, 0, ProtocolError.WrongLength);
        Refused("method 8", ProtocolWire.Label(CalcProtocol.Id, CalcProtocol.Version, 8), 0, 0, 0, 0, 0, ProtocolError.UnknownMethod);
        Refused("Add with 1 word", CalcProtocol.AddLabel, 1, 1, 0, 0, 0, ProtocolError.WrongLength);
        Refused("Add with 3 words", CalcProtocol.AddLabel, 3, 1, 2, 3, 0, ProtocolError.WrongLength);
        Refused("Reset with 1 word", CalcProtocol.ResetLabel, 1, 0, 0, 0, 0, ProtocolError.WrongLength);
        Refused("Add with a capability", CalcProtocol.AddLabel, 2, 1, 2, 0, 0, ProtocolError.BadCapability, extraCaps: 1);
        Refused("Divide: a above int", CalcProtocol.DivideLabel, 2, 1UL << 31, 1, 0, 0, ProtocolError.BadArgument, badIndex: 0);
        Refused("Divide: b below int", CalcProtocol.DivideLabel, 2, 1, unchecked((ulong)(long.MinValue)), 0, 0, ProtocolError.BadArgument, badIndex: 1);
        Refused("Next: Color 3", CalcProtocol.NextLabel, 1, 3, 0, 0, 0, ProtocolError.BadArgument, badIndex: 0);
        Refused("Next: Color 0", CalcProtocol.NextLabel, 1, 0, 0, 0, 0, ProtocolError.BadArgument, badIndex: 0);
        Refused("Next: Color 0x101", CalcProtocol.NextLabel, 1, 0x101, 0, 0, 0, ProtocolError.BadArgument, badIndex: 0);
        Refused("Check: bool 2", CalcProtocol.CheckLabel, 4, 2, 0, 0, 0, ProtocolError.BadArgument, badIndex: 0);
        Refused("Check: sbyte 128", CalcProtocol.CheckLabel, 4, 1, 128, 0, 0, ProtocolError.BadArgument, badIndex: 1);
        Refused("Check: ushort 65536", CalcProtocol.CheckLabel, 4, 1, 0, 65536, 0, ProtocolError.BadArgument, badIndex: 2);
        Refused("Check: Perm bit 4", CalcProtocol.CheckLabel, 4, 1, 0, 0, 4, ProtocolError.BadArgument, badIndex: 3);
        Refused("Sign: Delta 2", CalcProtocol.SignLabel, 4, 2, 0, 0, 0, ProtocolError.BadArgument, badIndex: 0);
        Refused("Sign: short -32769", CalcProtocol.SignLabel, 4, 0, unchecked((ulong)-32769L), 0, 0, ProtocolError.BadArgument, badIndex: 1);
        Refused("Sign: byte 256", CalcProtocol.SignLabel, 4, 0, 0, 256, 0, ProtocolError.BadArgument, badIndex: 2);
        Refused("Sign: uint 2^32", CalcProtocol.SignLabel, 4, 0, 0, 0, 1UL << 32, ProtocolError.BadArgument, badIndex: 3);
        Expect(calc.Calls == 0, $"the implementation saw {calc.Calls} invalid requests");

        // The client's side: a reply of the wrong shape is BadReply, an error label is passed on.
        Expect(CalcProtocol.DecodeAddReply(0, 0, 0, 0, 0, 0).Error == ProtocolError.BadReply, "an Add reply without its word");
        Expect(CalcProtocol.DecodeNextReply(0, 1, 3, 0, 0, 0).Error == ProtocolError.BadReply, "a Next reply with Color 3");
        Expect(CalcProtocol.DecodeIsEvenReply(0, 1, 2, 0, 0, 0).Error == ProtocolError.BadReply, "an IsEven reply of 2");
        Expect(CalcProtocol.DecodeResetReply(0, 1, 0, 0, 0, 0).Error == ProtocolError.BadReply, "a Reset reply with a word");
        Expect(CalcProtocol.DecodeAddReply((ulong)ProtocolError.WrongLength, 0, 0, 0, 0, 0).Error == ProtocolError.WrongLength, "an error label reaches the caller");
        return string.Join("\n", Failures);
    }

    /// <summary>
    /// Random requests: every one the dispatch accepts reached the implementation exactly once with arguments that encode
    /// back to the very words sent; every other one got an error and no call.
    /// </summary>
    public static string Random(int seed, int count)
    {
        Failures.Clear();
        var random = new System.Random(seed);
        var calc = new Calc();
        ulong[] interesting = { 0, 1, 2, 3, 4, 8, 9, 127, 128, 255, 256, 32767, 32768, 65535, 65536, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 1UL << 32, ulong.MaxValue, ulong.MaxValue - 1, unchecked((ulong)(long)int.MinValue), unchecked((ulong)-129L), unchecked((ulong)-32769L) };
        int accepted = 0;
        for (int i = 0; i < count; i++)
        {
            ulong Word() => random.Next(3) == 0 ? (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40) : interesting[random.Next(interesting.Length)];
            int method = random.Next(10) == 0 ? random.Next(256) : 1 + random.Next(7);
            ulong label = random.Next(20) == 0 ? Word() : ProtocolWire.Label(CalcProtocol.Id, CalcProtocol.Version, method);
            int length = random.Next(6) == 0 ? random.Next(6) : new[] { 0, 2, 2, 1, 1, 0, 4, 4 }[Math.Min(method, 7)];
            var m = new FastMessage(Word(), Word(), Word(), Word());
            FastMessage sent = m;
            int before = calc.Calls;
            MessageInfo r = calc.Serve(label, length, ref m, random.Next(30) == 0 ? 1 : 0);
            if (r.Label == 0 && (label & 0xFF) == 0)
            {
                Expect(calc.Calls == before && r.Length == 1 && m.Mr0 == CalcProtocol.HelloWord, $"request {i}: a handshake reached the implementation");
            }
            else if (r.Label == 0 || ProtocolWire.IsAppError((ProtocolError)r.Label))
            {
                accepted++;
                bool same = calc.LastLength == length
                    && (length < 1 || calc.W0 == sent.Mr0) && (length < 2 || calc.W1 == sent.Mr1)
                    && (length < 3 || calc.W2 == sent.Mr2) && (length < 4 || calc.W3 == sent.Mr3);
                Expect(calc.Calls == before + 1 && same, $"request {i} (label 0x{label:x}, length {length}) reached the implementation changed");
            }
            else
            {
                Expect(calc.Calls == before && (r.Label <= (ulong)ProtocolError.BadReply || r.Label == (ulong)ProtocolError.BadCapability), $"request {i}: error {r.Label} but {calc.Calls - before} calls");
            }
        }

        Expect(accepted > count / 10, $"only {accepted} of {count} random requests were valid: the test proves little");
        return string.Join("\n", Failures);
    }
}
