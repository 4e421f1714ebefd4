using FacePortal.Web.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// The latest score snapshot of recently viewed runs. A refresh reads only the rows stored since the last one, so
/// a page following a running evaluation does not re-read a million scores a second.
/// </summary>
public sealed class EvaluationScoreCache(IDbContextFactory<PortalDbContext> databases)
{
    private const int Capacity = 8;
    private readonly Dictionary<int, (EvaluationScores Scores, long Used)> _entries = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _clock;

    public async Task<EvaluationScores> GetAsync(int runId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = _entries.TryGetValue(runId, out var hit) ? hit.Scores : EvaluationScores.Empty;
            var next = await ReadSinceAsync(runId, current, cancellationToken);
            _entries[runId] = (next, ++_clock);
            if (_entries.Count > Capacity)
            {
                _entries.Remove(_entries.MinBy(e => e.Value.Used).Key);
            }
            return next;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets a run (its scores were deleted or restarted).</summary>
    public void Invalidate(int runId)
    {
        _gate.Wait();
        try
        {
            _entries.Remove(runId);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<EvaluationScores> ReadSinceAsync(int runId, EvaluationScores current, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var cmd = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = """
            SELECT s.Id, s.PairId, s.Score, s.MissingFace, s.Same, p.Fold
            FROM PairScores s JOIN EvaluationPairs p ON p.Id = s.PairId
            WHERE s.RunId = $run AND s.Id > $last
            ORDER BY s.Id
            """;
        cmd.Parameters.AddWithValue("$run", runId);
        cmd.Parameters.AddWithValue("$last", current.LastRowId);
        var ids = new List<int>();
        var scores = new List<double>();
        var same = new List<bool>();
        var folds = new List<int>();
        var missing = new List<bool>();
        var last = current.LastRowId;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                last = reader.GetInt64(0);
                ids.Add(reader.GetInt32(1));
                scores.Add(reader.GetDouble(2));
                missing.Add(reader.GetBoolean(3));
                same.Add(reader.GetBoolean(4));
                folds.Add(reader.GetInt32(5));
            }
        }
        return current.Append([.. ids], [.. scores], [.. same], [.. folds], [.. missing], last);
    }
}
