// libsmos's host tests reuse this project's simulated world (ServerWorld over the SimulatedKernel).
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Smos.Lib.Tests")]
