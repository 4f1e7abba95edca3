// bulk-server: publishes "bulk"; each client shares a page, and every request transforms a block in that page in place;
// when a client rings its doorbell, it rings back.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// Request label 1: MR0 = n (1..4096) bytes at the start of the caller's shared page. The server adds 1 to each of
/// them in place and replies MR0 = the sum of the bytes it read. Label 2 (no page shared yet) answers any other case.
/// Exits 0 after N clients (argument 1, default 1) have closed.
/// </summary>
public static class BulkServer
{
    public const ulong TransformLabel = 1;
    public const ulong NoPageLabel = 2;
    public const ulong BadRequestLabel = 3;
    private const int MaxClients = 8;

    public static int Main(string[] args)
    {
        if (!ServerApp.TryGetClientCount(1, 1, MaxClients, out long clients))
        {
            return ServerApp.UsageExitCode;
        }

        if (!ServerApp.TryPublish("bulk"u8, out Publication pub))
        {
            return 1;
        }

        var handler = new Handler(clients);
        Server.Run(pub, handler);
        Console.WriteLine($"bulk-server: {handler.Bytes} bytes transformed in shared pages; all clients closed");
        return ServerApp.Unpublish(pub);
    }

    private sealed class Handler : RequestHandler
    {
        private readonly ulong[] _badges = new ulong[MaxClients];
        private readonly ulong[] _pages = new ulong[MaxClients];
        private readonly Doorbell[] _bells = new Doorbell[MaxClients];

        public Handler(long clients)
            : base(clients)
        {
        }

        public long Bytes { get; private set; }

        public override MessageInfo Handle(ulong badge, MessageInfo request)
        {
            ulong n;
            using (var r = Ipc.Read())
            {
                n = request.Length == 1 ? r.GetMr(0) : 0;
            }

            if (request.Label != TransformLabel || n == 0 || n > SharedBuffer.Size)
            {
                return new MessageInfo(BadRequestLabel, 0, 0, 0);
            }

            SharedBuffer page = Find(badge);
            if (!page.IsMapped)
            {
                return new MessageInfo(NoPageLabel, 0, 0, 0);
            }

            // The client wrote the block before calling; it waits for the reply, so nobody else writes it now.
            VolatileSpan<byte> bytes = page.Bytes;
            ulong sum = 0;
            for (int i = 0; i < (int)n; i++)
            {
                byte b = bytes[i];
                sum += b;
                bytes.Set(i, (byte)(b + 1));
            }

            Bytes += (long)n;
            using (var w = Ipc.Write())
            {
                w.SetMr(0, sum);
            }

            return new MessageInfo(0, 0, 0, 1);
        }

        public override void OnShared(ulong badge, ulong pid, SharedBuffer buffer)
        {
            for (int i = 0; i < MaxClients; i++)
            {
                if (_badges[i] == 0)
                {
                    _badges[i] = badge;
                    _pages[i] = buffer.Address;
                    return;
                }
            }

            Console.WriteLine("bulk-server: more than 8 shared pages; this one is ignored");
        }

        // A doorbell does not say who rang: ring every client with a shared page back (each doorbell taken once).
        public override void OnDoorbell(ulong bits)
        {
            for (int i = 0; i < MaxClients; i++)
            {
                if (_badges[i] != 0 && !_bells[i].IsValid && Connections.Doorbell(_badges[i], out Doorbell bell) == RootError.Ok)
                {
                    _bells[i] = bell;
                }

                if (_badges[i] != 0 && _bells[i].IsValid)
                {
                    _bells[i].Ring();
                }
            }
        }

        public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
        {
            if (kind != ConnectionEvent.Closed)
            {
                return;
            }

            for (int i = 0; i < MaxClients; i++)
            {
                if (_badges[i] == badge)
                {
                    _badges[i] = 0; // the root task has unmapped the page and revoked the doorbell
                    _pages[i] = 0;
                    _bells[i] = default;
                }
            }
        }

        private SharedBuffer Find(ulong badge)
        {
            for (int i = 0; i < MaxClients; i++)
            {
                if (_badges[i] == badge && badge != 0)
                {
                    return SharedBuffer.At(_pages[i]);
                }
            }

            return default;
        }
    }
}
