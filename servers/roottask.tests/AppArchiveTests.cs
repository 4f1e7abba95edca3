// The apps archive's index: every member found as a walk of the archive finds it, whatever the archive's size.
using System;
using System.Text;
using Smos.Formats;
using Smos.RootTask.Processes;
using Xunit;

namespace Smos.RootTask.Tests;

public unsafe class AppArchiveTests
{
    // An archive kept pinned for the view's lifetime (the view holds a pointer).
    private static (AppArchive Apps, byte[] Bytes) Make(byte[] bytes)
    {
        byte[] pinned = GC.AllocateArray<byte>(bytes.Length, pinned: true);
        bytes.CopyTo(pinned, 0);
        fixed (byte* p = pinned)
        {
            return (new AppArchive(p, pinned.Length), pinned);
        }
    }

    private static byte[] Data(int i) => Encoding.ASCII.GetBytes($"app {i} " + new string((char)('a' + (i % 26)), i % 97));

    [Fact]
    public void EveryMemberOfALargeArchiveIsFoundWithItsOwnData()
    {
        var cpio = new CpioWriter();
        for (int i = 0; i < 300; i++)
        {
            cpio.Add(i % 3 == 0 ? $"./app{i}" : $"app{i}", Data(i)); // the index grows past its first size
        }

        cpio.Add("init", "app1\n"u8);
        cpio.Add("demos/pair", "app1\napp2\n"u8);
        (AppArchive apps, byte[] bytes) = Make(cpio.ToArray());
        for (int i = 0; i < 300; i++)
        {
            Assert.Equal(CpioResult.Ok, apps.Find(Encoding.ASCII.GetBytes($"app{i}"), out ReadOnlySpan<byte> elf));
            Assert.True(elf.SequenceEqual(Data(i)));
            Assert.Equal(CpioResult.Ok, Cpio.Find(bytes, Encoding.ASCII.GetBytes($"app{i}"), out ReadOnlySpan<byte> walked));
            Assert.True(elf == walked, "the same bytes of the archive as a walk finds");
        }

        Assert.Equal(CpioResult.NotFound, apps.Find("app300"u8, out _));
        Assert.Equal(CpioResult.NotFound, apps.Find("init"u8, out _)); // a list, not an app
        Assert.Equal(CpioResult.NotFound, apps.Find("demos/pair"u8, out _));
        Assert.Equal(CpioResult.NotFound, apps.Find(default, out _));
        Assert.True(apps.InitList.SequenceEqual("app1\n"u8));
        Assert.True(apps.FindDemo(0, out ReadOnlySpan<byte> demo, out _) && demo.SequenceEqual("pair"u8));
    }

    [Fact]
    public void AnAppsPageCountIsKeptPerMemberOnceRemembered()
    {
        var cpio = new CpioWriter();
        for (int i = 0; i < 100; i++)
        {
            cpio.Add($"app{i}", Data(i)); // the records grow past their first size
        }

        (AppArchive apps, _) = Make(cpio.ToArray());
        Assert.Equal(CpioResult.Ok, apps.Find("app70"u8, out _, out int member));
        Assert.Equal(CpioResult.Ok, apps.Find("app3"u8, out _, out int other));
        Assert.Equal(0, apps.PlannedPages(member)); // not validated yet
        apps.RememberPages(member, 25);
        apps.RememberPages(other, 0); // a failed validation is not remembered
        Assert.Equal((25, 0), (apps.PlannedPages(member), apps.PlannedPages(other)));
        Assert.Equal(CpioResult.NotFound, apps.Find("none"u8, out _, out int none));
        Assert.Equal(-1, none);
        apps.RememberPages(none, 9);
        Assert.Equal(0, apps.PlannedPages(none));
    }

    [Fact]
    public void PaddingMembersOfAPageAlignedArchiveAreNoApps()
    {
        // buildsys writes each app with AddAligned: "align/NAME" members of zeros before the apps whose data would not
        // start at a page. They are neither found nor listed; the apps' data is found, page-aligned in the archive.
        var cpio = new CpioWriter();
        cpio.Add("init", "hello\n"u8);
        cpio.AddAligned("hello", Data(1), 4096);
        cpio.AddAligned("echo", Data(2), 4096);
        Assert.Equal(5, cpio.Count);
        (AppArchive apps, byte[] bytes) = Make(cpio.ToArray());
        fixed (byte* start = bytes)
        {
            Assert.Equal(CpioResult.Ok, apps.Find("hello"u8, out ReadOnlySpan<byte> hello));
            Assert.True(hello.SequenceEqual(Data(1)));
            fixed (byte* data = hello)
            {
                Assert.Equal(0, (data - start) % 4096);
            }

            Assert.Equal(CpioResult.Ok, apps.Find("echo"u8, out ReadOnlySpan<byte> echo));
            fixed (byte* data = echo)
            {
                Assert.Equal(0, (data - start) % 4096);
            }
        }

        Assert.Equal(CpioResult.NotFound, apps.Find("align/hello"u8, out _));
        Assert.True(apps.AppName(0, out ReadOnlySpan<byte> first) && first.SequenceEqual("hello"u8));
        Assert.True(apps.AppName(1, out ReadOnlySpan<byte> second) && second.SequenceEqual("echo"u8));
        Assert.False(apps.AppName(2, out _));
    }

    [Fact]
    public void ANameLongerThanAnyAppIsNotFoundWithoutAWalk()
    {
        string longName = new('a', 40); // longer than an app name may be; the index leaves such a member out
        var cpio = new CpioWriter();
        cpio.Add(longName, "x"u8);
        cpio.Add("short", "y"u8);
        (AppArchive apps, byte[] bytes) = Make(cpio.ToArray());
        Assert.Equal(CpioResult.Ok, Cpio.Find(bytes, Encoding.ASCII.GetBytes(longName), out _)); // a walk would find it
        Assert.Equal(CpioResult.NotFound, apps.Find(Encoding.ASCII.GetBytes(longName), out _));
        Assert.Equal(CpioResult.Ok, apps.Find("short"u8, out ReadOnlySpan<byte> y));
        Assert.True(y.SequenceEqual("y"u8));
    }

    [Fact]
    public void TheFirstOfTwoMembersWithOneNameWinsAndEmptyDataIsFound()
    {
        var cpio = new CpioWriter();
        cpio.Add("twice", "first"u8);
        cpio.Add("./twice", "second"u8);
        cpio.Add("empty", ReadOnlySpan<byte>.Empty);
        (AppArchive apps, _) = Make(cpio.ToArray());
        Assert.Equal(CpioResult.Ok, apps.Find("twice"u8, out ReadOnlySpan<byte> elf));
        Assert.True(elf.SequenceEqual("first"u8));
        Assert.Equal(CpioResult.Ok, apps.Find("empty"u8, out ReadOnlySpan<byte> empty));
        Assert.Equal(0, empty.Length);
    }

    [Fact]
    public void AnArchiveCutShortAnswersItsErrorForANameNotBeforeTheCut()
    {
        var cpio = new CpioWriter();
        cpio.Add("early", Data(1));
        cpio.Add("late", Data(2));
        byte[] whole = cpio.ToArray();
        int cut = whole.Length - 200; // inside the trailer or the last member
        (AppArchive apps, _) = Make(whole[..cut]);
        Assert.Equal(CpioResult.Ok, apps.Find("early"u8, out _));
        CpioResult walked = Cpio.Find(whole.AsSpan(0, cut), "missing"u8, out _);
        Assert.NotEqual(CpioResult.NotFound, walked);
        Assert.Equal(walked, apps.Find("missing"u8, out _));
    }
}
