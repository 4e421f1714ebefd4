using FacePortal.Engine;
using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Adapted;
using FacePortal.Engine.Recognition;

namespace FacePortal.Tests.Engine.Models;

public sealed class AdaptedModelStoreTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fp-adapted-");

    private ModelStoreOptions Options => new() { ModelsDirectory = _folder.FullName };

    private static AdaptedModelInfo Info(string name) => new()
    {
        Name = name,
        BaseModel = "face-api",
        BaseSignature = "sig",
        Model = EmbeddingModelOptions.FaceApi with { EmbeddingSize = 64, Threshold = 0.9 },
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Save_ThenList_GivesTheModelWithItsFileAndSettings()
    {
        var saved = AdaptedModelStore.Save(Options, Info("lfw-tuned"), [1, 2, 3]);

        var listed = Assert.Single(AdaptedModelStore.List(Options));
        Assert.Equal("lfw-tuned", listed.Name);
        Assert.Equal("lfw-tuned", listed.Model.Name);
        Assert.Equal(64, listed.Model.EmbeddingSize);
        Assert.Equal(0.9, listed.Model.Threshold);
        Assert.Equal(saved.Model.Path, listed.Model.Path);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(listed.Model.Path!));
        // What the engine options find by name, as evaluations do.
        var options = new FaceEngineOptions { Models = Options };
        Assert.Equal(64, options.FindModel("lfw-tuned").EmbeddingSize);
    }

    [Fact]
    public void Save_NameTakenOrUnsafe_IsRefusedAndTheStoredModelStays()
    {
        AdaptedModelStore.Save(Options, Info("tuned"), [7]);
        Assert.Contains("exists already", Assert.Throws<ArgumentException>(() => AdaptedModelStore.Save(Options, Info("tuned"), [8])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => AdaptedModelStore.Save(Options, Info("../escape"), [8]));
        Assert.Equal([7], File.ReadAllBytes(Assert.Single(AdaptedModelStore.List(Options)).Model.Path!));
    }

    [Fact]
    public void List_DamagedFile_IsReportedNotThrown()
    {
        AdaptedModelStore.Save(Options, Info("good"), [1]);
        File.WriteAllText(Path.Combine(AdaptedModelStore.Folder(Options), "bad.json"), "{ not json");
        var problems = new List<string>();

        var listed = AdaptedModelStore.List(Options, problems);

        Assert.Equal("good", Assert.Single(listed).Name);
        Assert.Contains("bad.json", Assert.Single(problems), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
