using System.Text.Json;
using FacePortal.Engine.Models.Catalogue;
using FacePortal.Engine.Models.Converters;
using FacePortal.Engine.Models.Tfjs;
using FacePortal.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FacePortal.Tests.Engine.Models;

/// <summary>
/// The TF.js graph-model importer against TF.js itself: CatalogueGolden/catalogue-golden.json holds what
/// tf.loadGraphModel (tfjs 4.22, cpu backend) returns for the catalogue's models on two LFW centre crops stored as PNG
/// beside it (made by CatalogueGolden/catalogue-ref.mjs with the faceapi-ref harness's node_modules).
/// </summary>
public sealed class TfjsGraphModelImporterTests
{
    private static readonly string GoldenFolder = Path.Combine(RepoPaths.Root, "FacePortal.Tests", "Engine", "Models", "CatalogueGolden");

    // Every model imported, offered or not (mobilefacenet is the widest test of the importer).
    private static readonly CatalogueModel[] Imported = [ModelCatalogue.MobileFaceNet, .. ModelCatalogue.All];

    public static TheoryData<string> CatalogueModels() => [.. Imported.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(CatalogueModels))]
    public void Convert_CatalogueModel_MatchesTfjsOnLfwCrops(string name)
    {
        var model = Imported.Single(m => m.Name == name);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenFolder, "catalogue-golden.json")));
        var golden = doc.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);
        Assert.Equal(model.OutputNode, golden.GetProperty("output").GetString());

        var bytes = TfjsGraphModelImporter.Convert(Path.Combine(HumanModelsPackage.Directory, model.ModelFile), model.OutputNode, model.OutputDims);
        using var session = new InferenceSession(bytes);
        var size = golden.GetProperty("size").GetInt32();
        var (mean, std) = (golden.GetProperty("mean").GetSingle(), golden.GetProperty("std").GetSingle());
        foreach (var input in golden.GetProperty("inputs").EnumerateArray())
        {
            var expected = input.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            var pixels = ReadPng(Path.Combine(GoldenFolder, input.GetProperty("png").GetString()!), size);
            var tensor = new DenseTensor<float>(pixels.Select(v => (v - mean) / std).ToArray(), [1, size, size, 3]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(TfjsGraphModelImporter.InputName, tensor)]);
            var actual = results.Single().AsTensor<float>().ToArray();

            Assert.Equal(model.EmbeddingSize, actual.Length);
            Assert.Equal(expected.Length, actual.Length);
            var scale = Math.Max(1f, expected.Max(MathF.Abs));
            var worst = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
            Assert.True(worst <= 1e-4f * scale, $"{name} on {input.GetProperty("png")}: max abs difference {worst} (values up to {scale})");
        }
    }

    [Fact]
    public void Convert_CatalogueModelWithBatchOfTwo_GivesEachFaceItsOwnEmbedding()
    {
        var model = ModelCatalogue.MobileFace;
        var bytes = TfjsGraphModelImporter.Convert(Path.Combine(HumanModelsPackage.Directory, model.ModelFile), model.OutputNode, model.OutputDims);
        using var session = new InferenceSession(bytes);
        var a = ReadPng(Path.Combine(GoldenFolder, "112-Abdullah_Gul_0001.png"), 112);
        var b = ReadPng(Path.Combine(GoldenFolder, "112-Abdullah_Gul_0002.png"), 112);

        float[] Run(float[] data, int batch)
        {
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(TfjsGraphModelImporter.InputName, new DenseTensor<float>(data, [batch, 112, 112, 3]))]);
            return results.Single().AsTensor<float>().ToArray();
        }

        var both = Run([.. a, .. b], 2);
        var single = Run(b, 1);
        Assert.Equal(512, both.Length);
        Assert.Equal(single, both[256..], new FloatTolerance(1e-4f));
    }

    [Fact]
    public void Convert_UnknownOp_RefusedNamingTheOpAndNode()
    {
        var folder = Directory.CreateTempSubdirectory("tfjs-graph-op").FullName;
        try
        {
            var path = WriteGraph(folder, """
                [{"name":"x","op":"Placeholder","attr":{"shape":{"shape":{"dim":[{"size":"-1"},{"size":"4"},{"size":"4"},{"size":"3"}]}}}},
                 {"name":"odd","op":"Erf","input":["x"]}]
                """, "[]", []);

            var e = Assert.Throws<NotSupportedException>(() => TfjsGraphModelImporter.Convert(path, "odd", 1, 48));

            Assert.Contains("'Erf'", e.Message);
            Assert.Contains("'odd'", e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Convert_SmallGraph_EqualsNaiveComputation()
    {
        // x [N,2,2,3] -> SAME 1x1 conv with bias and relu (3 -> 2 channels) -> pad H by 1 at the top -> flatten in NHWC
        // order -> MatMul [12,1]: exercises the NHWC <-> NCHW changes that a wrong axis mapping would scramble.
        var folder = Directory.CreateTempSubdirectory("tfjs-graph-small").FullName;
        try
        {
            float[] filter = [1, -1, 0.5f, 2, -0.25f, 1]; // [1,1,3,2]
            float[] bias = [0.1f, -0.2f];
            float[] paddings = [0, 0, 1, 0, 0, 0, 0, 0]; // [4,2]
            float[] shape = [-1, 12];
            var kernel = Enumerable.Range(0, 12).Select(i => (float)(i + 1) / 10).ToArray(); // [12,1]
            var path = WriteGraph(folder, """
                [{"name":"x","op":"Placeholder","attr":{"shape":{"shape":{"dim":[{"size":"-1"},{"size":"2"},{"size":"2"},{"size":"3"}]}}}},
                 {"name":"w","op":"Const"},{"name":"b","op":"Const"},{"name":"p","op":"Const"},{"name":"s","op":"Const"},{"name":"k","op":"Const"},
                 {"name":"conv","op":"_FusedConv2D","input":["x","w","b"],"attr":{"strides":{"list":{"i":["1","1","1","1"]}},"padding":{"s":"U0FNRQ=="},
                   "fused_ops":{"list":{"s":["Qmlhc0FkZA==","UmVsdQ=="]}},"num_args":{"i":"1"}}},
                 {"name":"pad","op":"Pad","input":["conv","p"]},
                 {"name":"flat","op":"Reshape","input":["pad","s"]},
                 {"name":"out","op":"MatMul","input":["flat","k"]}]
                """, """
                [{"name":"w","shape":[1,1,3,2],"dtype":"float32"},{"name":"b","shape":[2],"dtype":"float32"},
                 {"name":"p","shape":[4,2],"dtype":"int32"},{"name":"s","shape":[2],"dtype":"int32"},{"name":"k","shape":[12,1],"dtype":"float32"}]
                """, [Floats(filter), Floats(bias), Ints(paddings), Ints(shape), Floats(kernel)]);
            var x = Enumerable.Range(0, 12).Select(i => (float)((i * 7) % 5) - 2).ToArray();

            using var session = new InferenceSession(TfjsGraphModelImporter.Convert(path, "out", 1, 1));
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(TfjsGraphModelImporter.InputName, new DenseTensor<float>(x, [1, 2, 2, 3]))]);
            var actual = results.Single().AsTensor<float>().Single();

            // Naive: NHWC conv + relu, a zero row on top (3x2x2), flattened row-major, dotted with the kernel.
            var padded = new float[3 * 2 * 2];
            for (var y = 0; y < 2; y++)
            {
                for (var xx = 0; xx < 2; xx++)
                {
                    for (var o = 0; o < 2; o++)
                    {
                        var v = bias[o];
                        for (var c = 0; c < 3; c++)
                        {
                            v += x[(y * 2 + xx) * 3 + c] * filter[c * 2 + o];
                        }
                        padded[((y + 1) * 2 + xx) * 2 + o] = Math.Max(v, 0);
                    }
                }
            }
            var expected = padded.Zip(kernel, (a, b) => a * b).Sum();
            Assert.Equal(expected, actual, 5);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_Float16QuantisedWeights_WidensEachHalf()
    {
        var folder = Directory.CreateTempSubdirectory("tfjs-f16").FullName;
        try
        {
            Half[] values = [(Half)1.5f, (Half)(-0.25f), (Half)65504f];
            File.WriteAllBytes(Path.Combine(folder, "m.bin"), [.. values.SelectMany(v => BitConverter.GetBytes(v))]);
            File.WriteAllText(Path.Combine(folder, "m.json"),
                """[{"paths":["m.bin"],"weights":[{"name":"t","shape":[3],"dtype":"float32","quantization":{"dtype":"float16","original_dtype":"float32"}}]}]""");

            var t = TfjsWeights.Load(Path.Combine(folder, "m.json"))["t"];

            Assert.Equal([1.5f, -0.25f, 65504f], t.Data);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string WriteGraph(string folder, string nodes, string weights, byte[][] data)
    {
        File.WriteAllBytes(Path.Combine(folder, "g.bin"), [.. data.SelectMany(d => d)]);
        var path = Path.Combine(folder, "g.json");
        File.WriteAllText(path, $$"""{"format":"graph-model","modelTopology":{"node":{{nodes}}},"weightsManifest":[{"paths":["g.bin"],"weights":{{weights}}}]}""");
        return path;
    }

    private static byte[] Floats(float[] v) => [.. v.SelectMany(BitConverter.GetBytes)];

    private static byte[] Ints(float[] v) => [.. v.SelectMany(f => BitConverter.GetBytes((int)f))];

    private static float[] ReadPng(string path, int size)
    {
        using var image = Image.Load<Rgb24>(path);
        Assert.Equal(size, image.Width);
        var pixels = new float[size * size * 3];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < size; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < size; x++)
                {
                    pixels[(y * size + x) * 3] = row[x].R;
                    pixels[(y * size + x) * 3 + 1] = row[x].G;
                    pixels[(y * size + x) * 3 + 2] = row[x].B;
                }
            }
        });
        return pixels;
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => MathF.Abs(x - y) <= tolerance * Math.Max(1f, MathF.Abs(x));

        public int GetHashCode(float obj) => 0;
    }
}
