namespace FacePortal.Engine.Robustness;

/// <summary>
/// The pairs a robustness run attacks: a seeded shuffle of the set, then as many genuine (dodging) and impostor
/// (impersonation) pairs as asked, half each when both goals are chosen; kept in the set's order.
/// </summary>
public static class RobustnessSample
{
    public static IReadOnlyList<T> Choose<T>(IReadOnlyList<T> pairs, Func<T, bool> same, IReadOnlyList<AttackGoal> goals, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(same);
        ArgumentNullException.ThrowIfNull(goals);
        var order = Enumerable.Range(0, pairs.Count).ToArray();
        new Random(seed).Shuffle(order);
        var dodging = goals.Contains(AttackGoal.Dodging);
        var impersonation = goals.Contains(AttackGoal.Impersonation);
        var genuine = order.Where(i => same(pairs[i])).ToList();
        var impostor = order.Where(i => !same(pairs[i])).ToList();
        var wantGenuine = dodging && impersonation ? Math.Min(genuine.Count, Math.Max(count / 2, count - impostor.Count)) : dodging ? Math.Min(count, genuine.Count) : 0;
        var wantImpostor = impersonation ? Math.Min(impostor.Count, count - wantGenuine) : 0;
        return [.. genuine.Take(wantGenuine).Concat(impostor.Take(wantImpostor)).Order().Select(i => pairs[i])];
    }
}
