// The root task's hash maps (WordHashMap, NameHashMap) against .NET's Dictionary, and their lookups without allocation.
using System;
using System.Collections.Generic;
using System.Text;
using Smos.RootTask.Resources;
using Xunit;

namespace Smos.RootTask.Tests;

public class HashMapTests
{
    [Theory]
    [InlineData(1, 64)]      // few keys, many collisions of the same buckets
    [InlineData(2, 5000)]    // growth to thousands
    [InlineData(3, 1 << 20)] // keys spread over a wide range
    public void AWordMapAgreesWithADictionaryThroughRandomSetsRemovesAndCounts(int seed, int range)
    {
        var rng = new Random(seed);
        var map = new WordHashMap(2);
        var model = new Dictionary<ulong, int>();
        for (int step = 0; step < 50_000; step++)
        {
            // Keys include 0 and values near the top of the word, as pids, badges and ids are.
            ulong key = (ulong)rng.Next(range) * (step % 7 == 0 ? 0x1_0000_0001UL : 1);
            switch (rng.Next(4))
            {
                case 0:
                    int value = rng.Next();
                    map.Set(key, value);
                    model[key] = value;
                    break;
                case 1:
                    Assert.Equal(model.Remove(key), map.Remove(key));
                    break;
                case 2:
                    int change = rng.Next(-2, 3);
                    int now = Math.Max(0, (model.TryGetValue(key, out int old) ? old : 0) + change);
                    Assert.Equal(now, map.AddTo(key, change));
                    if (now == 0)
                    {
                        model.Remove(key);
                    }
                    else
                    {
                        model[key] = now;
                    }

                    break;
                default:
                    Assert.Equal(model.TryGetValue(key, out int expected), map.TryGet(key, out int got));
                    Assert.Equal(expected, got);
                    break;
            }

            Assert.Equal(model.Count, map.Count);
            Assert.True(map.Buckets >= 2 * map.Count);
        }

        foreach ((ulong key, int value) in model)
        {
            Assert.Equal(value, map.Get(key, -1));
        }
    }

    [Fact]
    public void ANameMapAgreesWithADictionaryThroughRandomAddsAndRemoves()
    {
        var rng = new Random(11);
        var map = new NameHashMap(1);
        var model = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int step = 0; step < 50_000; step++)
        {
            // Names of 1-32 bytes, many sharing prefixes (as "svc0".."svc999" do).
            string name = "n" + rng.Next(3000).ToString() + new string('x', rng.Next(4) * 7);
            byte[] bytes = Encoding.ASCII.GetBytes(name);
            switch (rng.Next(3))
            {
                case 0:
                    int value = rng.Next(1_000_000);
                    Assert.Equal(model.TryAdd(name, value), map.Add(bytes, value));
                    break;
                case 1:
                    Assert.Equal(model.Remove(name), map.Remove(bytes));
                    break;
                default:
                    Assert.Equal(model.TryGetValue(name, out int v) ? v : -1, map.Find(bytes));
                    break;
            }

            Assert.Equal(model.Count, map.Count);
        }

        Assert.False(map.Add(new byte[33], 1));
        Assert.False(map.Add(ReadOnlySpan<byte>.Empty, 1));
    }

    [Fact]
    public void LookupsAndUpdatesOfPresentKeysAllocateNothing()
    {
        var words = new WordHashMap();
        var names = new NameHashMap();
        byte[][] keys = new byte[1000][];
        for (int i = 0; i < 1000; i++)
        {
            words.Set((ulong)i << 20, i);
            keys[i] = Encoding.ASCII.GetBytes("topic-" + i);
            names.Add(keys[i], i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += words.Get((ulong)i << 20) + names.Find(keys[i]);
            words.Set((ulong)i << 20, i + 1);
            words.Remove((ulong)i << 20);
            names.Remove(keys[i]);
            words.Reserve(); // room is there: no growth
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(999_000, sum);
    }

    [Fact]
    public void AWordMapReservedForManyKeysAddsThemWithoutAllocatingAndClearsKeepingItsSize()
    {
        var words = new WordHashMap();
        words.Set(99, 1);
        words.Reserve(300);
        int buckets = words.Buckets;
        Assert.True(buckets >= 2 * 301);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int added = 0;
        for (int i = 0; i < 300; i++)
        {
            added += words.TryAdd(1000 + (ulong)i, i) ? 1 : 0;
        }

        bool again = words.TryAdd(1000, 5); // present: unchanged
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(300, added);
        Assert.False(again);
        Assert.Equal(0, words.Get(1000));
        Assert.Equal(301, words.Count);
        Assert.Equal(buckets, words.Buckets);
        words.Clear();
        Assert.Equal(0, words.Count);
        Assert.Equal(buckets, words.Buckets);
        Assert.False(words.Contains(99));
        Assert.False(words.Contains(1000));
        words.Set(0, 7);
        Assert.Equal(7, words.Get(0));
    }
}
