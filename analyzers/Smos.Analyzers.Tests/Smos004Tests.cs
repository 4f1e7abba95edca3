// SMOS004: throw and catch are reported only in code compiled for the target, and never in Smos.CoreLib.
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Smos.Analyzers.Tests;

public class Smos004Tests
{
    private const string Throwing = """
        using System;

        public static class C
        {
            public static int Parse(string? s)
            {
                if (s is null)
                {
                    {|#0:throw new ArgumentNullException(nameof(s));|}
                }

                try
                {
                    return s.Length > 0 ? s.Length : {|#1:throw new ArgumentException("empty")|};
                }
                {|#2:catch (ArgumentException)|}
                {
                    return -1;
                }
                {|#3:catch|}
                {
                    {|#4:throw;|}
                }
            }
        }
        """;

    [Fact]
    public Task Throw_statements_expressions_and_catch_clauses_are_reported_on_the_target() =>
        Verify.AnalyzerAsync<TargetRuntimeAnalyzer>(
            Throwing,
            true,
            Verify.Diagnostic(Descriptors.ExceptionOnTarget, 0, "throw", "a throw is a panic that stops the thread: return a result value instead"),
            Verify.Diagnostic(Descriptors.ExceptionOnTarget, 1, "throw", "a throw is a panic that stops the thread: return a result value instead"),
            Verify.Diagnostic(Descriptors.ExceptionOnTarget, 2, "catch", "nothing is ever caught: remove the try/catch and return result values"),
            Verify.Diagnostic(Descriptors.ExceptionOnTarget, 3, "catch", "nothing is ever caught: remove the try/catch and return result values"),
            Verify.Diagnostic(Descriptors.ExceptionOnTarget, 4, "throw", "a throw is a panic that stops the thread: return a result value instead"));

    [Fact]
    public Task Nothing_is_reported_in_a_host_build_without_SMOS_TARGET() =>
        Verify.AnalyzerAsync<TargetRuntimeAnalyzer>(
            Throwing.Replace("{|#0:", string.Empty, System.StringComparison.Ordinal)
                .Replace("{|#1:", string.Empty, System.StringComparison.Ordinal)
                .Replace("{|#2:", string.Empty, System.StringComparison.Ordinal)
                .Replace("{|#3:", string.Empty, System.StringComparison.Ordinal)
                .Replace("{|#4:", string.Empty, System.StringComparison.Ordinal)
                .Replace("|}", string.Empty, System.StringComparison.Ordinal),
            target: false);

    [Fact]
    public Task Try_finally_and_using_are_allowed_on_the_target() =>
        Verify.AnalyzerAsync<TargetRuntimeAnalyzer>(
            """
            using Smos.Sel4;

            public static class C
            {
                public static ulong M()
                {
                    using (var r = Ipc.Read())
                    {
                        try
                        {
                            return r.GetMr(0);
                        }
                        finally
                        {
                            Scheduler.Yield();
                        }
                    }
                }
            }
            """);

    [Fact]
    public Task Platform_split_code_is_checked_only_in_its_target_half() =>
        Verify.AnalyzerAsync<TargetRuntimeAnalyzer>(
            """
            public static class C
            {
            #if SMOS_TARGET
                public static void Fail() => Smos.Sel4.Scheduler.Yield();
            #else
                public static void Fail() => throw new System.InvalidOperationException("host");
            #endif
            }
            """);

    [Fact]
    public async Task The_corelib_assembly_is_exempt()
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(
            "namespace System.Runtime { public static class Stub { public static void Intrinsic() => throw null!; } }",
            TestEnvironment.ParseOptions(target: true));
        Compilation corelib = CSharpCompilation.Create("Smos.CoreLib", new[] { tree }, TestEnvironment.RuntimeReferences, TestEnvironment.CompilationOptions);
        Compilation other = corelib.WithAssemblyName("Smos.Lib");

        Assert.Empty(await TestEnvironment.SmosDiagnosticsAsync(corelib));
        Assert.Single(await TestEnvironment.SmosDiagnosticsAsync(other));
    }
}
