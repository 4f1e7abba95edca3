// The one error type buildsys reports to the user: a message line and the process exit code.
using System;

namespace Smos.Build;

/// <summary>
/// An expected failure (bad usage, missing tool or kernel, failed external command, failed boot test).
/// Program prints <see cref="Exception.Message"/> as one line, without a stack trace, and exits with <see cref="ExitCode"/>.
/// </summary>
internal sealed class BuildsysException : Exception
{
    /// <summary>Exit code for usage and setup errors (and failed build steps).</summary>
    public const int SetupError = 2;

    /// <summary>Exit code for a boot test that ran and failed.</summary>
    public const int TestFailure = 1;

    public BuildsysException()
    {
    }

    public BuildsysException(string message)
        : base(message)
    {
    }

    public BuildsysException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BuildsysException(string message, int exitCode, string? detail = null)
        : base(message)
    {
        ExitCode = exitCode;
        Detail = detail;
    }

    /// <summary>The process exit code to use.</summary>
    public int ExitCode { get; } = SetupError;

    /// <summary>Extra lines (for example the tail of a failed command's output), printed before the message.</summary>
    public string? Detail { get; }
}
