// chaos, typed phase: garbage messages to a generated server ("kv"); every reply must be a ProtocolError and it must keep serving.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// Opens "kv" (apps/kv, started by the chaos demo) through its generated client, then sends <c>n</c> messages the
/// generated client would never send: labels with kv's id and version and a random method (0-15), random labels, and
/// random lengths (0-120 words) of random words or of a valid string with a random bit flipped; one in eight claims to
/// be in the connection's shared page (with a random length word over whatever the page holds), one in eight carries a
/// capability (our own notification, or kv's endpoint, which the kernel unwraps). Every reply label must be 0 or a
/// <see cref="ProtocolError"/> the dispatch or the store gives (the store's own errors); every 50 messages a real call
/// must still work.
/// </summary>
internal static class TypedChaos
{
    private static ulong s_rng = 0xD1B5_4A32_D192_ED03;

    /// <summary>Runs the phase; returns the number of failures (0: every reply inside the protocol, the server still serves).</summary>
    public static long Run(long n)
    {
        OpenResult opened = KeyValueClient.OpenWhenPublished(out KeyValueClient kv);
        if (!opened.IsOk)
        {
            Console.WriteLine($"chaos: typed: cannot open \"kv\": {opened}");
            return 1;
        }

        kv.Export(""); // shares the connection's page: shared-page garbage then reaches the server's page path
        long failures = 0;
        long accepted = 0;
        long refused = 0;
        long checks = 0;
        Span<ulong> words = stackalloc ulong[ProtocolWire.MaxWords];
        for (long i = 0; i < n; i++)
        {
            ulong label = Next() % 4 == 0 ? Next() >> 12 : ProtocolWire.Label(KeyValueProtocol.Id, KeyValueProtocol.Version, (int)(Next() % 16));
            int length = Compose(words);
            if (Next() % 8 == 0)
            {
                label |= ProtocolWire.SharedFlag;
                words[0] = Next() % 600;
                length = 4;
            }

            int caps = Next() % 8 == 0 ? 1 : 0;
            var m = new FastMessage(words[0], words[1], words[2], words[3]);
            if (length > 4 || caps != 0)
            {
                using IpcWriter w = Ipc.Write();
                w.MessageRegisters.Slice(4, Math.Max(0, length - 4)).CopyFrom(words.Slice(4, Math.Max(0, length - 4)));
                w.SetCap(0, Next() % 2 == 0 ? CapSlots.Notification : kv.Connection.Endpoint.Cptr);
            }

            MessageInfo reply = kv.Connection.Endpoint.Call(new MessageInfo(label, 0, caps, length), ref m);
            var error = (ProtocolError)reply.Label;
            bool known = error is >= ProtocolError.Ok and <= ProtocolError.BadCapability || error == ProtocolWire.AppError(KvErrors.NotFound) ||
                error == ProtocolWire.AppError(KvErrors.BadKey) || error == ProtocolWire.AppError(KvErrors.BadText) || error == ProtocolWire.AppError(KvErrors.NoSlot) ||
                reply.Label == ProtocolWire.SharedReply;
            if (!known)
            {
                failures++;
                if (failures <= 5)
                {
                    Console.WriteLine($"chaos: typed: message {i} (label 0x{label:x}, {length} words) got reply label 0x{reply.Label:x}: outside the protocol");
                }
            }
            else if (error == ProtocolError.Ok || ProtocolWire.IsAppError(error) || reply.Label == ProtocolWire.SharedReply)
            {
                accepted++;
            }
            else
            {
                refused++;
            }

            if (i % 50 == 49)
            {
                // The store still serves: a real call with a key garbage cannot have set (it holds a NUL).
                checks++;
                string key = "chaos\0" + i.ToString();
                if (!kv.Set(key, (ulong)i).IsOk || kv.Get(key) is not { IsOk: true } got || got.Value != (ulong)i || !kv.Remove(key).IsOk)
                {
                    failures++;
                    Console.WriteLine($"chaos: typed: the store stopped serving after message {i}");
                }
            }
        }

        kv.Close();
        Console.WriteLine($"chaos: typed: {n} garbage messages to \"kv\": {accepted} reached the store, {refused} refused, {failures} outside the protocol; {checks} real calls between them worked");
        return failures;
    }

    // Random words, or a valid string (and sometimes a value word) with a random bit flipped; returns the length.
    private static int Compose(Span<ulong> words)
    {
        int length;
        if (Next() % 2 == 0)
        {
            length = (int)(Next() % (ProtocolWire.MaxWords + 1));
            for (int k = 0; k < length; k++)
            {
                words[k] = Next() % 3 == 0 ? Next() % 300 : Next();
            }

            return length;
        }

        int at = 0;
        string text = new string((char)('a' + (int)(Next() % 26)), (int)(Next() % 40));
        ProtocolWords.PutString(words, ref at, text);
        if (Next() % 2 == 0)
        {
            words[at++] = Next();
        }

        words[(int)(Next() % (ulong)at)] ^= 1UL << (int)(Next() % 64);
        return at;
    }

    private static ulong Next()
    {
        ulong x = s_rng;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s_rng = x;
        return x;
    }
}
