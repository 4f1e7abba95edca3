// spin: counts forever without a system call (for Ctrl-C and kill in the shell), printing a line every 2^28 rounds.
using System;

namespace Smos.Apps;

public static class Spin
{
    public static int Main(string[] args)
    {
        Console.WriteLine("spin: spinning until ended (Ctrl-C in the shell)");
        ulong rounds = 0;
        while (true)
        {
            rounds++;
            if ((rounds & ((1UL << 28) - 1)) == 0)
            {
                Console.WriteLine($"spin: {rounds >> 28} x 2^28 rounds");
            }
        }
    }
}
