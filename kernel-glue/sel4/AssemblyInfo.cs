// Host builds only: the IPC layer's tests reach its internals (the guard's state, the invocation path).
#if SMOS_HOST
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Smos.Sel4.Tests")]
#endif
