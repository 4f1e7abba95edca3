// Who may use the system module's internals: libsmos, which gives the heap its grower (apps cannot), and the runtime's host tests.
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Smos.Lib")]
[assembly: InternalsVisibleTo("Smos.Runtime.Tests")]
