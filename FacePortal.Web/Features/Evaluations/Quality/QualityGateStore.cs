using System.Text.Json;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>
/// The quality gates, one per model, kept in <c>quality-gates.json</c> in the data folder (written whole, through a
/// temporary file, so a crash leaves the old or the new file, never half of one). Changed only through <see cref="QualityService"/>.
/// </summary>
public sealed class QualityGateStore(IOptions<PortalOptions> options)
{
    public const string FileName = "quality-gates.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Lock _lock = new();
    private Dictionary<string, QualityGate>? _gates;

    private string Path => System.IO.Path.Combine(System.IO.Path.GetFullPath(options.Value.DataDirectory), FileName);

    public QualityGate? Get(string? model)
    {
        if (model is null)
        {
            return null;
        }
        lock (_lock)
        {
            return Load().GetValueOrDefault(model);
        }
    }

    public IReadOnlyList<QualityGate> All()
    {
        lock (_lock)
        {
            return [.. Load().Values.OrderBy(g => g.Model, StringComparer.Ordinal)];
        }
    }

    internal void Put(QualityGate gate)
    {
        lock (_lock)
        {
            var gates = new Dictionary<string, QualityGate>(Load(), StringComparer.Ordinal) { [gate.Model] = gate };
            Save(gates);
        }
    }

    internal bool Remove(string model)
    {
        lock (_lock)
        {
            var gates = new Dictionary<string, QualityGate>(Load(), StringComparer.Ordinal);
            if (!gates.Remove(model))
            {
                return false;
            }
            Save(gates);
            return true;
        }
    }

    private Dictionary<string, QualityGate> Load()
    {
        if (_gates is null)
        {
            var path = Path;
            var list = File.Exists(path) ? JsonSerializer.Deserialize<List<QualityGate>>(File.ReadAllText(path), Json) ?? [] : [];
            _gates = list.ToDictionary(g => g.Model, StringComparer.Ordinal);
        }
        return _gates;
    }

    private void Save(Dictionary<string, QualityGate> gates)
    {
        var path = Path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(gates.Values.OrderBy(g => g.Model, StringComparer.Ordinal).ToList(), Json));
        File.Move(temp, path, overwrite: true);
        _gates = gates;
    }
}
