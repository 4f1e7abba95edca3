// Who may use the root task's internals: the self-test root task built on it and, in host builds, the tests (libsmos's included).
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Smos.RootTask.SelfTest")]
#if SMOS_HOST
[assembly: InternalsVisibleTo("Smos.RootTask.Tests")]
[assembly: InternalsVisibleTo("Smos.Boot.Tests")]
[assembly: InternalsVisibleTo("Smos.Lib.Tests")]
#endif
