// The system's protocol: the generator (SmosSharp.Sdk) makes CounterProtocol, CounterClient and CounterServer from it.
using Smos.Protocol;

namespace SmosSystem.Protocol;

/// <summary>A counter served over IPC; every argument and result is one message word.</summary>
[SmosProtocol("smossystem", Version = 1)]
public partial interface ICounter
{
    /// <summary>Adds <paramref name="amount"/> to the counter; the new value.</summary>
    long Add(long amount);

    /// <summary>The counter's value.</summary>
    long Get();
}
