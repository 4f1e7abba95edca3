// Who may use the typed layer's internals: the runtime parts that set threads up (libsmos, the root task), and host tests.
using System.Runtime.CompilerServices;

// ThreadContexts.InitializeCurrent and the IPC guard are internal: apps cannot reach them, the runtime can.
[assembly: InternalsVisibleTo("Smos.Lib")]
[assembly: InternalsVisibleTo("Smos.RootTask")]
[assembly: InternalsVisibleTo("Smos.RootTask.SelfTest")]
#if SMOS_HOST
[assembly: InternalsVisibleTo("Smos.Sel4.Tests")]
[assembly: InternalsVisibleTo("Smos.RootTask.Tests")]
[assembly: InternalsVisibleTo("Smos.Lib.Tests")]
#endif
