// The probe protocol: a typed protocol with one words-path method (Swap) and one register-path method (Add).
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
}

/// <summary>The server the probes run: Swap reverses the fields, Add adds.</summary>
public sealed class ProbeService : ProbeServer
{
    public override Six Swap(Six s) => new Six { A = s.F, B = s.E, C = s.D, D = s.C, E = s.B, F = s.A };

    public override ulong Add(ulong a, ulong b) => a + b;
}
