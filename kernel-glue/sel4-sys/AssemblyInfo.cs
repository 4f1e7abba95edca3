// Who may use the raw layer's internals: the typed layer above it (and, in host builds, its tests).
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Smos.Sel4")]
#if SMOS_HOST
[assembly: InternalsVisibleTo("Smos.Sel4.Tests")]
#endif
