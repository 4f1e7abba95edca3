// calc: the typed-protocol demo. "calc server [clients]" serves ICalc through the generated CalcServer; "calc client"
// calls it through CalcClient, sends invalid requests by hand (each refused before the server sees it) and opens it
// as version 2 (refused at open).
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

public static class Calc
{
    public static int Main(string[] args)
    {
        ReadOnlySpan<byte> mode = Args.Count > 1 ? Args.Get(1) : default;
        if (Ascii.Equal(mode, "server"u8))
        {
            return Serve();
        }

        if (Ascii.Equal(mode, "client"u8))
        {
            return Client();
        }

        Console.WriteLine("calc: usage: calc server [clients] | calc client");
        return ServerApp.UsageExitCode;
    }

    private static int Serve()
    {
        long clients = 1;
        if (Args.Count > 2 && (!Args.TryGetNumber(2, out clients) || clients < 1))
        {
            Console.WriteLine("calc: usage: calc server [clients]");
            return ServerApp.UsageExitCode;
        }

        if (!ServerApp.TryPublish(CalcProtocol.Name, out Publication pub))
        {
            return 1;
        }

        var service = new CalcService(clients);
        Server.Run(pub, service);
        Console.WriteLine($"calc server: {(long)service.Served} typed calls served; all clients closed");
        return ServerApp.Unpublish(pub);
    }

    private static int Client()
    {
        OpenResult opened = CalcClient.OpenWhenPublished(out CalcClient calc);
        if (!opened.IsOk)
        {
            Console.WriteLine($"calc client: open failed: {opened}");
            return 1;
        }

        int failures = 0;
        failures += Check(calc.Add(40, 2) is { IsOk: true, Value: 42 }, "Add(40, 2) = 42");
        failures += Check(calc.Add(long.MaxValue, 1) is { IsOk: true, Value: long.MinValue }, "Add(long.MaxValue, 1) wraps");
        failures += Check(calc.Divide(-84, 2) is { IsOk: true, Value: -42 }, "Divide(-84, 2) = -42");
        Result<int> byZero = calc.Divide(1, 0);
        failures += Check(!byZero.IsOk && byZero.Error == ProtocolWire.AppError(1), "Divide(1, 0) is the server's error 1");
        failures += Check(calc.IsEven(ulong.MaxValue - 1) is { IsOk: true, Value: true }, "IsEven(2^64 - 2)");
        failures += Check(calc.Next(Shape.Triangle) is { IsOk: true, Value: Shape.Circle }, "Next(Triangle) = Circle");
        const ulong valid = 6;

        // Invalid requests, sent by hand on the register path: each must be refused by the generated dispatch.
        failures += Check(Raw(calc, CalcProtocol.NextLabel, 1, 7, out ulong index) == ProtocolError.BadArgument && index == 0, "Next(Shape 7) is BadArgument 0");
        failures += Check(Raw(calc, CalcProtocol.DivideLabel, 2, 1UL << 40, out index) == ProtocolError.BadArgument && index == 0, "Divide(2^40, 0) is BadArgument 0");
        failures += Check(Raw(calc, CalcProtocol.AddLabel, 1, 1, out _) == ProtocolError.WrongLength, "Add with one word is WrongLength");
        failures += Check(Raw(calc, ProtocolWire.Label(CalcProtocol.Id, CalcProtocol.Version, 9), 0, 0, out _) == ProtocolError.UnknownMethod, "method 9 is UnknownMethod");
        failures += Check(Raw(calc, ProtocolWire.Label(CalcProtocol.Id, CalcProtocol.Version + 1, 1), 2, 0, out _) == ProtocolError.WrongVersion, "version 2 is WrongVersion");
        failures += Check(Raw(calc, ProtocolWire.Label(CalcProtocol.Id ^ 0x5A5A, CalcProtocol.Version, 1), 2, 0, out _) == ProtocolError.WrongProtocol, "another protocol id is WrongProtocol");
        const int refused = 6;

        // A client of version 2 of the protocol is refused when it opens the connection, not at its first call.
        OpenResult newer = CalcNextClient.Open(out _);
        failures += Check(newer.Error == ProtocolError.WrongVersion && newer.ServerVersion == 1, "a version 2 client is refused at open");
        Console.WriteLine($"calc client: a version {CalcNextProtocol.Version} client is refused at open: {newer}");

        Result<ulong> seen = calc.Calls();
        failures += Check(seen is { IsOk: true, Value: valid }, "the server saw only the valid calls");
        RootError closed = calc.Close();
        if (failures != 0 || closed != RootError.Ok)
        {
            Console.WriteLine($"calc client: {failures} checks failed, close {ProcessAbi.Describe(closed)}");
            return 1;
        }

        Console.WriteLine($"calc client: {(long)valid} typed calls correct, {refused} invalid requests refused with their errors, the server saw {(long)seen.Value} calls");
        return 0;
    }

    private static int Check(bool ok, string what)
    {
        if (!ok)
        {
            Console.WriteLine($"calc client: FAIL {what}");
        }

        return ok ? 0 : 1;
    }

    // A request the generated client would never send: label, length and word 0 as given.
    private static ProtocolError Raw(in CalcClient calc, ulong label, int length, ulong word0, out ulong replyWord0)
    {
        var m = new FastMessage(word0, 0, 0, 0);
        MessageInfo reply = calc.Connection.Endpoint.Call(new MessageInfo(label, 0, 0, length), ref m);
        replyWord0 = m.Mr0;
        return (ProtocolError)reply.Label;
    }

    private sealed class CalcService : CalcServer
    {
        public CalcService(long clients)
            : base(clients)
        {
        }

        public ulong Served { get; private set; }

        public override long Add(long a, long b)
        {
            Served++;
            return unchecked(a + b);
        }

        public override Result<int> Divide(int a, int b)
        {
            Served++;
            return b == 0 || (a == int.MinValue && b == -1) ? Result<int>.Fail(1) : a / b;
        }

        public override bool IsEven(ulong value)
        {
            Served++;
            return value % 2 == 0;
        }

        public override Shape Next(Shape shape)
        {
            Served++;
            return shape == Shape.Triangle ? Shape.Circle : (Shape)((byte)shape + 1);
        }

        public override ulong Calls() => Served++;
    }
}
