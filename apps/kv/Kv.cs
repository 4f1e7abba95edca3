// kv: the typed-protocol key-value demo. "kv server" serves IKeyValue; "kv cache" serves IKvCache and is a client of
// "kv"; "kv client" checks both, and that malformed requests are refused before either server sees them.
using System;
using Smos.Lib;
using Smos.Protocol;

namespace Smos.Apps;

public static class Kv
{
    public static int Main(string[] args)
    {
        ReadOnlySpan<byte> mode = Args.Count > 1 ? Args.Get(1) : default;
        if (Ascii.Equal(mode, "server"u8))
        {
            return Serve(KeyValueProtocol.Name, new KeyValueStore());
        }

        if (Ascii.Equal(mode, "cache"u8))
        {
            OpenResult opened = KeyValueClient.OpenWhenPublished(out KeyValueClient store);
            if (!opened.IsOk)
            {
                Console.WriteLine($"kv cache: cannot open \"kv\": {opened}");
                return 1;
            }

            return Serve(KvCacheProtocol.Name, new KvCache(store));
        }

        if (Ascii.Equal(mode, "client"u8))
        {
            return KvClient.Run();
        }

        Console.WriteLine("kv: usage: kv server | kv cache | kv client");
        return ServerApp.UsageExitCode;
    }

    private static int Serve(string name, FastRequestHandler handler)
    {
        if (!ServerApp.TryPublish(name, out Publication pub))
        {
            return 1;
        }

        Server.Run(pub, handler);
        return ServerApp.Unpublish(pub);
    }
}
