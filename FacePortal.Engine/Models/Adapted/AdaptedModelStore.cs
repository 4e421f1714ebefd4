using System.Text.Json;
using System.Text.RegularExpressions;
using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Models.Adapted;

/// <summary>
/// The models the adaptation job made, in the models folder's "adapted" sub-folder: NAME.onnx beside NAME.json
/// (<see cref="AdaptedModelInfo"/>). The engine loads every one at start, so an adapted model survives a restart like a
/// configured one; nothing here needs TorchSharp (an adapted model runs in any build).
/// </summary>
public static partial class AdaptedModelStore
{
    public const string FolderName = "adapted";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Folder(ModelStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.AdaptedModelsDirectory)
            ? Path.Combine(Path.GetFullPath(options.ModelsDirectory), FolderName)
            : Path.GetFullPath(options.AdaptedModelsDirectory);
    }

    /// <summary>Every stored adapted model, its Path made absolute; files that cannot be read are listed in <paramref name="problems"/>, never thrown.</summary>
    public static IReadOnlyList<AdaptedModelInfo> List(ModelStoreOptions options, List<string>? problems = null)
    {
        var folder = Folder(options);
        if (!Directory.Exists(folder))
        {
            return [];
        }
        var found = new List<AdaptedModelInfo>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var info = JsonSerializer.Deserialize<AdaptedModelInfo>(File.ReadAllText(file), Json)
                    ?? throw new JsonException("empty");
                if (!ValidName().IsMatch(info.Name) || Path.GetFileName(info.Model.Path) is not { Length: > 0 } onnx)
                {
                    throw new JsonException("bad name or file");
                }
                found.Add(info with { Model = info.Model with { Name = info.Name, Path = Path.Combine(folder, onnx) } });
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                problems?.Add($"{file}: {e.Message}");
            }
        }
        return found;
    }

    /// <summary>The adapted models as embedding models.</summary>
    public static IEnumerable<EmbeddingModelOptions> EmbeddingModels(ModelStoreOptions options) => List(options).Select(m => m.Model);

    /// <exception cref="ArgumentException">The name is not 1..64 letters, digits, '.', '_' or '-' (it names files).</exception>
    public static void CheckName(string name)
    {
        if (!ValidName().IsMatch(name ?? ""))
        {
            throw new ArgumentException($"A model name must be 1 to 64 letters, digits, '.', '_' or '-' and start with a letter or digit (got \"{name}\").");
        }
    }

    /// <summary>
    /// Writes NAME.onnx and NAME.json (each to a temporary file first, then moved: a crash leaves no half model); answers
    /// the stored info with its absolute Path.
    /// </summary>
    /// <exception cref="ArgumentException">A bad name, or one already stored.</exception>
    public static AdaptedModelInfo Save(ModelStoreOptions options, AdaptedModelInfo info, byte[] onnx)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(onnx);
        CheckName(info.Name);
        var folder = Directory.CreateDirectory(Folder(options)).FullName;
        var json = Path.Combine(folder, info.Name + ".json");
        if (File.Exists(json))
        {
            throw new ArgumentException($"An adapted model named \"{info.Name}\" exists already.");
        }
        var onnxName = info.Name + ".onnx";
        WriteAtomic(Path.Combine(folder, onnxName), onnx);
        var stored = info with { Model = info.Model with { Name = info.Name, Path = onnxName } };
        WriteAtomic(json, JsonSerializer.SerializeToUtf8Bytes(stored, Json));
        return stored with { Model = stored.Model with { Path = Path.Combine(folder, onnxName) } };
    }

    private static void WriteAtomic(string path, byte[] bytes)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ValidName();
}
