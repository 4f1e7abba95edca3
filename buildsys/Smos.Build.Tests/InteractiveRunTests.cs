// `./smos run`'s output path: bytes copied through as they come, the SMOS-POWEROFF line found and QEMU (here a fake) stopped with SIGTERM.
using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using Xunit;

namespace Smos.Build.Tests;

public class InteractiveRunTests
{
    [Fact]
    public void ThePowerOffLineIsFoundAtTheStartOfALineOnly()
    {
        var watch = new LineWatch("SMOS-POWEROFF");
        Assert.False(watch.Feed("boot\nsmos> poweroff\r\n"u8));
        Assert.False(watch.Feed("echo SMOS-POWEROFF\r\n"u8));
        Assert.False(watch.Feed("SMOS-POWEROFF-NOT\n"u8));
        Assert.False(watch.Feed("SMOS-POWER"u8));
        Assert.True(watch.Feed("OFF\r\n"u8));
    }

    [Fact]
    public void EscapeSequencesAndBlanksAroundTheLineDoNotHideIt()
    {
        Assert.True(new LineWatch("SMOS-POWEROFF").Feed("\x1b[0m  SMOS-POWEROFF \n"u8));
        Assert.True(new LineWatch("SMOS-POWEROFF").Feed("x\rSMOS-POWEROFF\r"u8));
        Assert.False(new LineWatch("SMOS-POWEROFF").Feed("SMOS-POWEROFF"u8)); // no line end yet
        Assert.False(new LineWatch("SMOS-POWEROFF").Feed(Encoding.ASCII.GetBytes(new string('x', 300) + "SMOS-POWEROFF\n")));
    }

    private static ProcessStartInfo Fake(string script) => new("/bin/bash") { ArgumentList = { "-c", script } };

    [Fact]
    public void AfterThePowerOffLineTheProcessGetsSigtermAndRunEndsWithZero()
    {
        var output = new MemoryStream();
        var clock = Stopwatch.StartNew();
        int code = InteractiveRun.Run("fake-qemu", Fake("trap 'echo got SIGTERM; exit 5' TERM; printf 'booting\\nSMOS-POWEROFF\\r\\n'; sleep 100 >/dev/null 2>&1 & wait"), output);
        Assert.Equal(0, code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed.TotalSeconds} s");
        Assert.Equal("booting\nSMOS-POWEROFF\r\ngot SIGTERM\n", Encoding.ASCII.GetString(output.ToArray()));
    }

    /// <summary>A stream that refuses writes, as our stdout does when the reader of `./smos run | head` is gone.</summary>
    private sealed class ClosedStream : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("Broken pipe");
    }

    [Fact]
    public void WhenOurOutputFailsQemuIsStoppedToo()
    {
        string pidFile = Path.Combine(Path.GetTempPath(), "smos-fake-qemu-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Throws<IOException>(() => InteractiveRun.Run("fake-qemu", Fake($"echo $$ > {pidFile}; echo booting; sleep 100 >/dev/null 2>&1 & wait"), new ClosedStream()));
            int pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(Directory.Exists($"/proc/{pid}"), $"the fake QEMU (pid {pid}) still runs");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public void WithoutThePowerOffLineQemusExitCodeDecides()
    {
        var output = new MemoryStream();
        Assert.Equal(0, InteractiveRun.Run("fake-qemu", Fake("printf 'partial line, no end'"), output));
        Assert.Equal("partial line, no end", Encoding.ASCII.GetString(output.ToArray()));
        Assert.Equal(BuildsysException.TestFailure, InteractiveRun.Run("fake-qemu", Fake("exit 1"), new MemoryStream()));
    }
}
