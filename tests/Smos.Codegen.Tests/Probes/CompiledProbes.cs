// The shared fixture: builds tests/codegen-probes, compiles it with ILC -O for arm64 and disassembles it, once.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Smos.Codegen.Tests.Disassembly;
using Xunit;

namespace Smos.Codegen.Tests.Probes;

/// <summary>A probe: its exported symbol, the export's code, and the body the export calls (what is checked).</summary>
public sealed record ProbeCode(string Symbol, DisassembledFunction Export, DisassembledFunction Body, string EvidencePath);

/// <summary>
/// Runs `dotnet build -c Release` on the probes project (artifacts in a temp dir), then ILC (-O, arm64, --nativelib) and
/// `aarch64-linux-gnu-objdump -d -r -t`. A missing tool or a failed step is recorded and fails every test that asks
/// for a probe (never a skip). Each probe's disassembly is also written to codegen-evidence/ beside the test assembly.
/// </summary>
public sealed class CompiledProbes : IDisposable
{
    public const string ProbesProject = "tests/codegen-probes/Smos.CodegenProbes.csproj";

    /// <summary>Every probe of the probes project (EntryPoint names in tests/codegen-probes/Probes.cs and ProtocolProbes.cs).</summary>
    public static readonly string[] Symbols =
    [
        "probe_seed_pattern", "probe_volatile_poll", "probe_volatile_stores", "probe_setmr_stores", "probe_plain_poll", "probe_plain_stores", "probe_fast_call", "probe_seed_pattern_runtime",
        "probe_client_words", "probe_client_registers", "probe_server_words", "probe_server_general", "probe_plain_words", "probe_client_general", "probe_client_capability",
    ];

    private readonly string _temp = Path.Combine(Path.GetTempPath(), "smos-codegen-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, ProbeCode> _probes = new(StringComparer.Ordinal);
    private ObjdumpListing? _listing;

    public CompiledProbes()
    {
        EvidenceDir = Path.Combine(AppContext.BaseDirectory, "codegen-evidence");
        try
        {
            Compile();
        }
        catch (Exception e)
        {
            Failure = e is InvalidOperationException ? e.Message : e.ToString();
        }
    }

    /// <summary>Why the probes could not be compiled, or null.</summary>
    public string? Failure { get; }

    /// <summary>Where each probe's disassembly is written (and the whole objdump output, probes.objdump.txt).</summary>
    public string EvidenceDir { get; }

    /// <summary>The steps run, with their times (shown in test output).</summary>
    public List<string> Log { get; } = [];

    /// <summary>The whole disassembly (for following calls out of a probe body); fails the test if the probes could not be compiled.</summary>
    public ObjdumpListing Listing
    {
        get
        {
            Probe(Symbols[0]);
            return _listing!;
        }
    }

    /// <summary>
    /// The first function, breadth first from <paramref name="from"/> through the functions it calls (up to
    /// <paramref name="depth"/> calls deep), that satisfies <paramref name="match"/>: the probe body itself when ILC
    /// inlined the code it calls, else the callee that holds it. Fails the test when there is none.
    /// </summary>
    public DisassembledFunction Reaching(DisassembledFunction from, Func<DisassembledFunction, bool> match, string what, int depth = 3)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var level = new List<DisassembledFunction> { from };
        for (int d = 0; d <= depth && level.Count > 0; d++)
        {
            foreach (DisassembledFunction fn in level.Where(f => seen.Add(f.Name)))
            {
                if (match(fn))
                {
                    return fn;
                }
            }

            level = level.SelectMany(f => f.Callees).Distinct().Select(Listing.Find).OfType<DisassembledFunction>().Where(f => !seen.Contains(f.Name)).ToList();
        }

        Assert.Fail($"no function {what} within {depth} calls of {from.Name}");
        return from;
    }

    /// <summary>The probe exported as <paramref name="symbol"/>; fails the test if the probes could not be compiled.</summary>
    public ProbeCode Probe(string symbol)
    {
        if (Failure is not null)
        {
            Assert.Fail("the compiled-code check could not compile its probes: " + Failure);
        }

        return _probes.TryGetValue(symbol, out ProbeCode? probe) ? probe : throw new InvalidOperationException($"no probe {symbol}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private void Compile()
    {
        string repo = ProbeToolchain.RepoRoot();
        string dotnet = ProbeToolchain.Dotnet();
        string objdump = ProbeToolchain.RequireObjdump();
        // Every project's obj and bin go under the temp dir, so a build running elsewhere in the repo cannot collide.
        string artifacts = Path.Combine(_temp, "artifacts");
        string managed = Path.Combine(artifacts, "bin", "Smos.CodegenProbes", "release");
        ProcessResult build = ProbeToolchain.Run(
            dotnet, ["build", Path.Combine(repo, ProbesProject), "-c", "Release", "--artifacts-path", artifacts, "-nologo", "--disable-build-servers"], repo);
        build.ThrowIfFailed("dotnet build of " + ProbesProject);
        Log.Add($"dotnet build: {build.Elapsed.TotalSeconds:0.0} s");

        string ilc = ProbeToolchain.Ilc(dotnet, repo, _temp);
        Log.Add($"ilc: {ilc}");
        string main = Path.Combine(managed, "Smos.CodegenProbes.dll");
        string obj = Path.Combine(_temp, "probes.o");
        var args = new List<string> { main };
        foreach (string dll in Directory.GetFiles(managed, "*.dll").Where(d => d != main).Order(StringComparer.Ordinal))
        {
            args.AddRange(["-r", dll]);
        }

        args.AddRange([
            "--systemmodule", "Smos.CoreLib", "--targetarch", "arm64", "--targetos", "linux", "-O", "--nativelib",
            "--generateunmanagedentrypoints:Smos.CoreLib", "--generateunmanagedentrypoints:Smos.Sel4",
            "--generateunmanagedentrypoints:Smos.CodegenProbes", "-o", obj,
        ]);
        ProcessResult compile = ProbeToolchain.Run(ilc, args, _temp);
        compile.ThrowIfFailed("ILC of the probes");
        Log.Add($"ilc -O: {compile.Elapsed.TotalSeconds:0.00} s");

        ProcessResult dump = ProbeToolchain.Run(objdump, ["-d", "-r", "-t", "--no-show-raw-insn", obj], _temp);
        dump.ThrowIfFailed(ProbeToolchain.Objdump);
        Log.Add($"objdump: {dump.Elapsed.TotalSeconds:0.00} s");

        ObjdumpListing listing = ObjdumpListing.Parse(dump.Stdout);
        _listing = listing;
        if (Directory.Exists(EvidenceDir))
        {
            Directory.Delete(EvidenceDir, recursive: true);
        }

        Directory.CreateDirectory(EvidenceDir);
        File.WriteAllText(Path.Combine(EvidenceDir, "probes.objdump.txt"), dump.Stdout);
        foreach (string symbol in Symbols)
        {
            DisassembledFunction export = listing.Find(symbol)
                ?? throw new InvalidOperationException($"{symbol} is not in the ILC output: is it still exported by {ProbesProject}?");
            _probes[symbol] = Describe(symbol, export, listing);
        }
    }

    // The body is the one managed method the export calls between RhpReversePInvoke and RhpReversePInvokeReturn.
    private ProbeCode Describe(string symbol, DisassembledFunction export, ObjdumpListing listing)
    {
        List<string> bodies = export.Callees.Where(c => !c.StartsWith("Rhp", StringComparison.Ordinal)).Distinct().ToList();
        if (bodies.Count != 1 || listing.Find(bodies[0]) is not DisassembledFunction body)
        {
            throw new InvalidOperationException($"{symbol} should call exactly one probe body; it calls: {string.Join(", ", export.Callees)}");
        }

        string path = Path.Combine(EvidenceDir, symbol + ".txt");
        var text = new StringBuilder();
        text.Append("// ").Append(symbol).Append(" (export; the body it calls follows)\n").Append(export.Listing()).Append('\n').Append(body.Listing());
        File.WriteAllText(path, text.ToString());
        return new ProbeCode(symbol, export, body, path);
    }
}

/// <summary>Test classes in this collection share one <see cref="CompiledProbes"/> (one build, one ILC run).</summary>
[CollectionDefinition(Name)]
public sealed class CompiledProbesCollection : ICollectionFixture<CompiledProbes>
{
    public const string Name = "compiled probes";
}
