// The probe protocol: a typed protocol with words-path methods (Swap; Echo and Give on the general path) and a register-path one (Add).
using Smos.Lib;
using Smos.Protocol;

namespace Smos.CodegenProbes;

/// <summary>Six words: a request or reply of six words takes MR0-5, so fields <see cref="E"/> and <see cref="F"/> travel in the IPC buffer.</summary>
public struct Six
{
    public ulong A;
    public ulong B;
    public ulong C;
    public ulong D;
    public ulong E;
    public ulong F;
}

/// <summary>
/// The protocol the compiled-code check disassembles: the generator makes ProbeProtocol, ProbeClient and ProbeServer
/// from it. Swap (six words each way) is on the words path; Add (two words in, one out) is on the register path.
/// </summary>
[SmosProtocol("probe", Version = 1)]
public partial interface IProbe
{
    Six Swap(Six s);

    ulong Add(ulong a, ulong b);

    /// <summary>Bytes each way: past 120 words through the connection's shared page (the general words path).</summary>
    byte[] Echo(byte[] data);

    /// <summary>A capability in the request (the general words path: the scope also sets the extra capability).</summary>
    Result Give(Smos.Sel4.Notification n);
}

/// <summary>The server the probes run: Swap reverses the fields, Add adds.</summary>
public sealed class ProbeService : ProbeServer
{
    public override Six Swap(Six s) => new Six { A = s.F, B = s.E, C = s.D, D = s.C, E = s.B, F = s.A };

    public override ulong Add(ulong a, ulong b) => a + b;

    public override byte[] Echo(byte[] data) => data;

    public override Result Give(Smos.Sel4.Notification n) => Result.Ok;
}
