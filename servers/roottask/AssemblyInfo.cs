// Host builds only: the root task's tests reach its internals (servers, resource managers, ELF plans).
#if SMOS_HOST
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Smos.RootTask.Tests")]
[assembly: InternalsVisibleTo("Smos.Boot.Tests")]
#endif
