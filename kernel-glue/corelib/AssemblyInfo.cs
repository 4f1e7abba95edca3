// Who may use the system module's internals: libsmos and the root task, which give the heap its grower and turn collection on (apps cannot), and the runtime's host tests.
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Smos.Lib")]
[assembly: InternalsVisibleTo("Smos.RootTask")]
[assembly: InternalsVisibleTo("Smos.Runtime.Tests")]
