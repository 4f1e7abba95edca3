// upper-client: opens "upper" through the generated UpperClient, sends texts (empty to 900 bytes, ASCII to 4-byte UTF-8),
// checks each comes back uppercased and that an oversized text is refused before it is sent; closes, exits 0.
using System;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>A client of "upper" (which itself calls "echo"): two servers between the request and the reply.</summary>
public static class UpperClientApp
{
    public static int Main(string[] args)
    {
        // The server may not have published yet: OpenWhenPublished tries again for a while, then checks the protocol.
        OpenResult opened = UpperClient.OpenWhenPublished(out UpperClient upper);
        if (!opened.IsOk)
        {
            Console.WriteLine($"upper-client: cannot open \"upper\": {opened}");
            return 1;
        }

        // Each text and what string.ToUpperInvariant makes of it in .NET: ß has no one-character upper case, ÿ becomes
        // Ÿ (U+0178), characters past Latin-1 stay as they are.
        string[] cases =
        [
            "hello, world from seL4 16.0.0 - SmosSharp!", "HELLO, WORLD FROM SEL4 16.0.0 - SMOSSHARP!",
            "az{`@[AZ", "AZ{`@[AZ",
            string.Empty, string.Empty,
            "x", "X",
            "grüße, ÿ 世界 😀", "GRÜßE, Ÿ 世界 😀",
            Repeat("smos ", 180), Repeat("SMOS ", 180),
            Repeat("smos ", 800), Repeat("SMOS ", 800), // 4000 bytes: through the shared pages of both connections
        ];
        int failures = 0;
        for (int i = 0; i < cases.Length; i += 2)
        {
            failures += Check(upper, cases[i], cases[i + 1]) ? 0 : 1;
        }

        // 5000 bytes do not fit even the shared page (515 words): the generated client refuses it without sending.
        Result<string> tooLarge = upper.ToUpper(new string('q', 5000));
        if (tooLarge.Error != ProtocolError.TooLarge)
        {
            Console.WriteLine($"upper-client: a 5000-byte text was not refused as too large: {(tooLarge.IsOk ? "it came back" : ProtocolWire.Describe(tooLarge.Error))}");
            failures++;
        }

        RootError closed = upper.Close();
        if (failures != 0 || closed != RootError.Ok)
        {
            Console.WriteLine(failures == 0 ? $"upper-client: close failed: {ProcessAbi.Describe(closed)}" : $"upper-client: {failures} checks failed");
            return 1;
        }

        Console.WriteLine($"upper-client: {cases.Length / 2} texts (0 to 4000 bytes, ASCII and 2- to 4-byte UTF-8) came back uppercased through upper and echo; a 5000-byte text was refused as too large, not sent");
        return 0;
    }

    private static bool Check(in UpperClient upper, string text, string expected)
    {
        Result<string> answer = upper.ToUpper(text);
        bool ok = answer.IsOk && answer.Value == expected;
        if (text.Length <= 60 && IsAscii(text))
        {
            // Printed for ASCII texts only: the root task shows every byte outside printable ASCII as '?'.
            Console.WriteLine($"upper-client: \"{text}\" -> {(answer.IsOk ? $"\"{answer.Value}\"" : ProtocolWire.Describe(answer.Error))}");
        }

        if (!ok)
        {
            Console.WriteLine($"upper-client: FAIL a text of {text.Length} characters did not come back as expected");
        }

        return ok;
    }

    private static bool IsAscii(string text)
    {
        foreach (char c in text)
        {
            if (c > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static string Repeat(string part, int count)
    {
        var text = new System.Text.StringBuilder(part.Length * count);
        for (int i = 0; i < count; i++)
        {
            text.Append(part);
        }

        return text.ToString();
    }
}
