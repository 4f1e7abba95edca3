// The upper demo's typed protocol ("upper"): a text back in upper case, passed through "echo" on the way.
using Smos.Protocol;

namespace Smos.Apps;

/// <summary>apps/upper serves it (as a client of "echo"); apps/upper-client calls it.</summary>
[SmosProtocol("upper", Version = 1)]
public partial interface IUpper
{
    /// <summary>
    /// <paramref name="text"/> after a round trip through "echo", in upper case (string.ToUpperInvariant: ASCII and
    /// Latin-1 letters; other characters unchanged), or <see cref="UpperErrors.EchoFailed"/>.
    /// </summary>
    Result<string> ToUpper(string text);
}

/// <summary>The upper server's own errors (Result.Fail codes).</summary>
public static class UpperErrors
{
    /// <summary>"echo" did not give the text back unchanged.</summary>
    public const ulong EchoFailed = 1;
}
