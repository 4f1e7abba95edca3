// buildsys entry point: logging to stderr, parsing, and turning every expected error into one line and an exit code.
using System;
using System.CommandLine;
using Serilog;
using Serilog.Events;
using Serilog.Sinks.SystemConsole.Themes;

namespace Smos.Build;

internal static class Program
{
    private static int Main(string[] args)
    {
        RootCommand root = Cli.Create();
        ParseResult parse = root.Parse(args);
        bool verbose = parse.GetValue(Cli.Verbose);
        ConfigureLogging(verbose);
        try
        {
            if (parse.Errors.Count > 0)
            {
                foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
                {
                    Log.Error("{Message} (see smos --help)", error.Message);
                }

                return BuildsysException.SetupError;
            }

            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (BuildsysException e)
        {
            if (e.Detail is not null)
            {
                Log.Error("output of the failed command (last lines):{NewLine}{Detail}", Environment.NewLine, e.Detail);
            }

            Log.Error("{Message}", e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            Log.Error("{Message}", e.Message);
            return BuildsysException.SetupError;
        }
        catch (Exception e)
        {
            // A bug in buildsys: one line normally, the stack with -v.
            Log.Error(verbose ? e : null, "internal error: {Type}: {Message}", e.GetType().Name, e.Message);
            return BuildsysException.SetupError;
        }
        finally
        {
            Log.CloseAndFlush();
        }
    }

    /// <summary>Every log level goes to stderr; stdout is the guest's serial output and machine-readable lines.</summary>
    private static void ConfigureLogging(bool verbose)
    {
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .WriteTo.Console(
                outputTemplate: "[{Level:u3}] {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose,
                theme: Console.IsErrorRedirected ? ConsoleTheme.None : AnsiConsoleTheme.Code,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }
}
