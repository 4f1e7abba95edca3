// The echo demo's typed protocol ("echo"): a value back with who sent it (badge and pid), and a text back unchanged.
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>What <see cref="IEcho.Echo"/> answers: the value sent, and who the server saw send it.</summary>
public struct EchoReply
{
    /// <summary>The value of the request.</summary>
    public ulong Value;

    /// <summary>The badge of the connection the request came through: nonzero, one per connection.</summary>
    public ulong Badge;

    /// <summary>The pid of the process that opened that connection (the root task's Opened event), 0 if not heard of.</summary>
    public ulong Pid;
}

/// <summary>An echo server: apps/echo-server serves it, apps/echo-client and apps/upper call it.</summary>
[SmosProtocol("echo", Version = 1)]
public partial interface IEcho
{
    /// <summary><paramref name="value"/> back, with the caller's badge and pid as the server knows them (register path).</summary>
    EchoReply Echo(ulong value);

    /// <summary><paramref name="text"/> back unchanged (UTF-8 on the words path, up to 952 bytes).</summary>
    string EchoText(string text);
}
