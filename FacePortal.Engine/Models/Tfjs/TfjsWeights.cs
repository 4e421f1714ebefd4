using System.Text.Json;

namespace FacePortal.Engine.Models.Tfjs;

/// <summary>
/// Reads a TensorFlow.js weights manifest and its binary shards: tensors back to back in manifest order,
/// raw little-endian float32 or int32, uint8/uint16-quantised (value = q * scale + min, worked out in float64 as tfjs
/// does) or float16-quantised (IEEE half, widened). A graph model's model.json carries the same manifest inline.
/// </summary>
public sealed class TfjsWeights
{
    private readonly Dictionary<string, TfjsTensor> _byName;

    private TfjsWeights(List<TfjsTensor> tensors)
    {
        Tensors = tensors;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<TfjsTensor> Tensors { get; }

    public TfjsTensor this[string name] => _byName.TryGetValue(name, out var t)
        ? t
        : throw new KeyNotFoundException($"The weights have no tensor named '{name}'.");

    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>A copy with some tensors' values replaced (same names, same sizes), e.g. a fine-tuned block.</summary>
    /// <exception cref="ArgumentException">A name the weights do not hold, or a size that differs.</exception>
    public TfjsWeights With(IReadOnlyDictionary<string, float[]> replacements)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        foreach (var (name, data) in replacements)
        {
            if (!_byName.TryGetValue(name, out var t) || t.Data.Length != data.Length)
            {
                throw new ArgumentException($"The weights have no tensor '{name}' of {data.Length} values.");
            }
        }
        return new TfjsWeights([.. Tensors.Select(t => replacements.TryGetValue(t.Name, out var data) ? t with { Data = (float[])data.Clone() } : t)]);
    }

    public static TfjsWeights Load(string manifestPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        return Load(doc.RootElement, manifestPath);
    }

    /// <summary>
    /// Reads the weight groups of a manifest (the array itself, or a graph model's <c>weightsManifest</c>); shard paths
    /// are looked up beside <paramref name="manifestPath"/>.
    /// </summary>
    public static TfjsWeights Load(JsonElement groups, string manifestPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var tensors = new List<TfjsTensor>();
        foreach (var group in groups.EnumerateArray())
        {
            var bytes = new List<byte>();
            foreach (var path in group.GetProperty("paths").EnumerateArray())
            {
                var file = Path.GetFileName(path.GetString() ?? "");
                bytes.AddRange(File.ReadAllBytes(Path.Combine(folder, file)));
            }
            var data = bytes.ToArray();
            var offset = 0;
            foreach (var w in group.GetProperty("weights").EnumerateArray())
            {
                tensors.Add(ReadTensor(w, data, ref offset, manifestPath));
            }
            if (offset != data.Length)
            {
                throw new InvalidDataException($"{manifestPath}: the tensors take {offset} bytes but the shards hold {data.Length}.");
            }
        }
        return new TfjsWeights(tensors);
    }

    private static TfjsTensor ReadTensor(JsonElement w, byte[] data, ref int offset, string manifestPath)
    {
        var name = w.GetProperty("name").GetString() ?? throw new InvalidDataException($"{manifestPath}: a weight has no name.");
        var shape = w.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var dtype = w.GetProperty("dtype").GetString();
        var count = shape.Aggregate(1, (a, b) => checked(a * b));
        var values = new float[count];
        var isInt = dtype == "int32";
        if (w.TryGetProperty("quantization", out var q) && q.GetProperty("dtype").GetString() == "float16")
        {
            Need(data, offset, count * 2, name, manifestPath);
            for (var i = 0; i < count; i++)
            {
                var v = (float)BitConverter.ToHalf(data, offset + 2 * i);
                values[i] = isInt ? MathF.Round(v) : v;
            }
            offset += count * 2;
        }
        else if (q.ValueKind == JsonValueKind.Object)
        {
            var qType = q.GetProperty("dtype").GetString();
            var scale = q.GetProperty("scale").GetDouble();
            var min = q.GetProperty("min").GetDouble();
            var width = qType switch
            {
                "uint8" => 1,
                "uint16" => 2,
                _ => throw new NotSupportedException($"{manifestPath}: tensor '{name}' uses quantisation '{qType}'."),
            };
            Need(data, offset, count * width, name, manifestPath);
            for (var i = 0; i < count; i++)
            {
                double raw = width == 1 ? data[offset + i] : BitConverter.ToUInt16(data, offset + 2 * i);
                var v = raw * scale + min;
                values[i] = isInt ? (float)Math.Round(v) : (float)v;
            }
            offset += count * width;
        }
        else
        {
            Need(data, offset, count * 4, name, manifestPath);
            for (var i = 0; i < count; i++)
            {
                values[i] = isInt ? BitConverter.ToInt32(data, offset + 4 * i) : BitConverter.ToSingle(data, offset + 4 * i);
            }
            offset += count * 4;
        }
        return new TfjsTensor(name, shape, values);
    }

    private static void Need(byte[] data, int offset, int length, string name, string manifestPath)
    {
        if (offset + length > data.Length)
        {
            throw new InvalidDataException($"{manifestPath}: tensor '{name}' runs past the end of the weight data.");
        }
    }
}
