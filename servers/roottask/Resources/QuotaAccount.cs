// One quota's bookkeeping (issue 15, item 3): the limit, what its holder uses, what it gave away, and the refusals.
using Smos.Protocol;

namespace Smos.RootTask.Resources;

/// <summary>
/// The account of one process (or of the root task's pool): its <see cref="Limit"/> of each <see cref="QuotaKind"/>,
/// what it <see cref="Used"/> itself (memory and slots of its objects, the processes it sponsors, its connections,
/// publications and subscriptions) and what it <see cref="Given"/> the processes it sponsors (their whole quotas; for
/// Children, the processes each may hold below itself). What is free is the limit less both. Pure bookkeeping, no
/// kernel: the root task charges at the points where it spends (docs/protocol.md, "Quotas") and tests run it on the host.
/// </summary>
public sealed class QuotaAccount
{
    // Limit, used and given of each kind, indexed by QuotaKind: the checks on a request's path are array loads, not
    // switches over a struct's fields.
    private const int Kinds = ProcessQuota.Words;
    private readonly ulong[] _limit = new ulong[Kinds];
    private readonly ulong[] _used = new ulong[Kinds];
    private readonly ulong[] _given = new ulong[Kinds];

    /// <summary>The quota.</summary>
    public ProcessQuota Limit => Of(_limit);

    /// <summary>What the holder uses itself (Children: the processes it sponsors directly, zombies included).</summary>
    public ProcessQuota Used => Of(_used);

    /// <summary>What it gave the processes it sponsors (Children: what each may hold below itself).</summary>
    public ProcessQuota Given => Of(_given);

    /// <summary>The quota of <paramref name="kind"/>.</summary>
    public ulong LimitOf(QuotaKind kind) => _limit[(int)kind];

    /// <summary>What the holder uses itself of <paramref name="kind"/>.</summary>
    public ulong UsedOf(QuotaKind kind) => _used[(int)kind];

    /// <summary>The kind of the last refusal since <see cref="ClearRefusal"/>, if <see cref="HasRefusal"/>.</summary>
    public QuotaKind Refused { get; private set; }

    public bool HasRefusal { get; private set; }

    /// <summary>Releases that would have gone below zero (a bookkeeping error; tests check it stays 0).</summary>
    public int Underflows { get; private set; }

    /// <summary>True when nothing is used or given.</summary>
    public bool IsIdle
    {
        get
        {
            for (int k = 0; k < Kinds; k++)
            {
                if (_used[k] != 0 || _given[k] != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Starts the account again with <paramref name="limit"/>, nothing used or given.</summary>
    public void Reset(in ProcessQuota limit)
    {
        for (int k = 0; k < Kinds; k++)
        {
            _limit[k] = limit.Get((QuotaKind)k);
            _used[k] = 0;
            _given[k] = 0;
        }

        HasRefusal = false;
    }

    /// <summary>What is left of <paramref name="kind"/> (0 when more is held than the limit).</summary>
    public ulong Free(QuotaKind kind)
    {
        int k = (int)kind;
        ulong held = _used[k] + _given[k];
        return held >= _limit[k] ? 0 : _limit[k] - held;
    }

    /// <summary>True when <paramref name="amount"/> of <paramref name="kind"/> fits; otherwise records the refusal.</summary>
    public bool Fits(QuotaKind kind, ulong amount)
    {
        if (amount <= Free(kind))
        {
            return true;
        }

        Refuse(kind);
        return false;
    }

    /// <summary>Charges <paramref name="amount"/> if it fits (true), else records the refusal and charges nothing.</summary>
    public bool TryCharge(QuotaKind kind, ulong amount)
    {
        if (!Fits(kind, amount))
        {
            return false;
        }

        Charge(kind, amount);
        return true;
    }

    /// <summary>Charges <paramref name="amount"/> whether or not it fits (the check was made before).</summary>
    public void Charge(QuotaKind kind, ulong amount) => _used[(int)kind] += amount;

    /// <summary>Gives back <paramref name="amount"/> charged before.</summary>
    public void Release(QuotaKind kind, ulong amount) => _used[(int)kind] = Less(_used[(int)kind], amount);

    /// <summary>Sets what is used of a count the root task keeps elsewhere (connections, publications, subscriptions).</summary>
    public void SetUsed(QuotaKind kind, ulong amount) => _used[(int)kind] = amount;

    /// <summary>Records a refusal of <paramref name="kind"/> (the request's error names it).</summary>
    public void Refuse(QuotaKind kind)
    {
        Refused = kind;
        HasRefusal = true;
    }

    public void ClearRefusal() => HasRefusal = false;

    /// <summary>
    /// Whether <paramref name="child"/> fits in what is free: every kind, and for Children the child itself as well as
    /// what it may hold below itself. False with <paramref name="shortOf"/> the first kind that does not fit.
    /// </summary>
    public bool CanGive(in ProcessQuota child, out QuotaKind shortOf)
    {
        for (int k = 0; k < ProcessQuota.Words; k++)
        {
            var kind = (QuotaKind)k;
            ulong need = child.Get(kind);
            if (kind == QuotaKind.Children && (need == ulong.MaxValue || ++need == 0))
            {
                shortOf = kind;
                return false;
            }

            if (need > Free(kind))
            {
                shortOf = kind;
                return false;
            }
        }

        shortOf = QuotaKind.Memory;
        return true;
    }

    /// <summary>
    /// The quota a child gets when none is named: each kind of <paramref name="wanted"/>, or what is free if less (for
    /// Children, what is free after the child itself).
    /// </summary>
    public ProcessQuota Clip(in ProcessQuota wanted)
    {
        ProcessQuota q = default;
        for (int k = 0; k < ProcessQuota.Words; k++)
        {
            var kind = (QuotaKind)k;
            ulong free = Free(kind);
            if (kind == QuotaKind.Children)
            {
                free = free == 0 ? 0 : free - 1;
            }

            ulong want = wanted.Get(kind);
            q.Set(kind, want < free ? want : free);
        }

        return q;
    }

    /// <summary>Takes <paramref name="child"/> from what is free (checked by <see cref="CanGive"/>) for a process it sponsors.</summary>
    public void Give(in ProcessQuota child)
    {
        for (int k = 0; k < Kinds; k++)
        {
            _given[k] += child.Get((QuotaKind)k);
        }

        Charge(QuotaKind.Children, 1);
    }

    /// <summary>
    /// A process it sponsored has ended: its quota comes back. Its record still counts as one child until it is freed
    /// (<see cref="RecordFreed"/>).
    /// </summary>
    public void TakeBack(in ProcessQuota child)
    {
        for (int k = 0; k < Kinds; k++)
        {
            _given[k] = Less(_given[k], child.Get((QuotaKind)k));
        }
    }

    /// <summary>A process it sponsored is gone from the process table (reaped, or freed at once).</summary>
    public void RecordFreed() => Release(QuotaKind.Children, 1);

    private static ProcessQuota Of(ulong[] words) => ProcessQuota.Decode(words);

    private ulong Less(ulong value, ulong amount)
    {
        if (amount > value)
        {
            Underflows++;
            return 0;
        }

        return value - amount;
    }
}
