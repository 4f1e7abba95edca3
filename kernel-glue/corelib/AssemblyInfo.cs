// Who may use the system module's internals: libsmos, which gives the heap its grower (apps cannot).
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Smos.Lib")]
