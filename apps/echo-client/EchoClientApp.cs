// echo-client N: opens "echo" through the generated EchoClient, checks values come back with its own badge and pid, and
// texts (ASCII, 2- to 4-byte UTF-8, empty, 900 bytes) come back unchanged; closes, exits 0.
using System;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

public static class EchoClientApp
{
    private const int Requests = 5;

    public static int Main(string[] args)
    {
        long id = 1;
        if (Args.Count > 1)
        {
            Args.TryGetNumber(1, out id);
        }

        // The server may not have published yet: OpenWhenPublished tries again for a while, then checks the protocol.
        OpenResult opened = EchoClient.OpenWhenPublished(out EchoClient echo);
        if (!opened.IsOk)
        {
            Console.WriteLine($"echo-client {id}: cannot open \"echo\": {opened}");
            return 1;
        }

        ulong pid = Process.Pid;
        ulong badge = 0;
        for (int i = 0; i < Requests; i++)
        {
            ulong value = ((ulong)id * 1000) + (ulong)i;
            Result<EchoReply> reply = echo.Echo(value);
            if (!reply.IsOk)
            {
                Console.WriteLine($"echo-client {id}: Echo({value}) failed: {ProtocolWire.Describe(reply.Error)}");
                return 1;
            }

            EchoReply r = reply.Value;
            badge = i == 0 ? r.Badge : badge;
            if (r.Value != value || r.Badge == 0 || r.Badge != badge || r.Pid != pid)
            {
                Console.WriteLine($"echo-client {id}: Echo({value}) came back as value {r.Value}, badge {r.Badge}, pid {r.Pid}; expected our badge and pid {pid}");
                return 1;
            }
        }

        string[] texts = [$"hello from echo-client {id}", "grüße, 世界 😀", string.Empty, new string((char)('a' + (id % 26)), 900)];
        foreach (string text in texts)
        {
            Result<string> back = echo.EchoText(text);
            if (!back.IsOk || back.Value != text)
            {
                Console.WriteLine($"echo-client {id}: a text of {text.Length} characters did not come back unchanged: {(back.IsOk ? "other text" : ProtocolWire.Describe(back.Error))}");
                return 1;
            }
        }

        RootError closed = echo.Close();
        if (closed != RootError.Ok)
        {
            Console.WriteLine($"echo-client {id}: close failed: {ProcessAbi.Describe(closed)}");
            return 1;
        }

        Console.WriteLine($"echo-client {id}: {Requests} echoes correct, each with our badge {(long)badge} and our pid {(long)pid}; {texts.Length} texts (0-900 bytes, 1- to 4-byte UTF-8) back unchanged");
        return 0;
    }
}
