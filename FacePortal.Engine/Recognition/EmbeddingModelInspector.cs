using FacePortal.Engine.Models;
using Microsoft.ML.OnnxRuntime;

namespace FacePortal.Engine.Recognition;

/// <summary>
/// Checks a loaded embedding model against its settings before any face reaches it: one float image input of the
/// configured layout, size and channels, and a first output of the configured embedding size. A mismatch is refused
/// with a message naming the setting to change. A batch dimension fixed in the file (most ArcFace exports) is
/// honoured, so the model is fed one face at a time instead of failing on the first batch.
/// </summary>
public static class EmbeddingModelInspector
{
    /// <summary>The model's shape; <paramref name="settings"/> is where its settings live, for messages ("FacePortal:Engine:EmbeddingModels:0").</summary>
    /// <exception cref="ModelUnavailableException">The model does not fit its settings, or fails on a trial input.</exception>
    public static EmbeddingModelShape Inspect(InferenceSession session, EmbeddingModelOptions model, string settings)
    {
        var label = $"model '{model.Name}' ({model.Path})";
        var inputs = session.InputMetadata;
        if (inputs.Count != 1)
        {
            throw new ModelUnavailableException($"{label} has {inputs.Count} inputs ({string.Join(", ", inputs.Keys)}); an embedding model takes one image tensor.");
        }
        var (inputName, input) = inputs.Single();
        if (!input.IsTensor || input.ElementType != typeof(float))
        {
            throw new ModelUnavailableException($"{label}: input '{inputName}' is {input.ElementType.Name}, but FacePortal feeds float32 images.");
        }
        var dims = input.Dimensions;
        if (dims.Length != 4)
        {
            throw new ModelUnavailableException($"{label}: input '{inputName}' has shape {Shape(dims)}; an embedding model takes a 4-D image batch.");
        }

        var nchw = model.Layout == TensorLayout.Nchw;
        var (channelAxis, heightAxis, widthAxis) = nchw ? (1, 2, 3) : (3, 1, 2);
        if (dims[channelAxis] is > 0 and not 3)
        {
            var otherChannels = nchw ? dims[3] : dims[1];
            throw new ModelUnavailableException(otherChannels == 3
                ? $"{settings}:Layout is {model.Layout} but {label} expects {(nchw ? TensorLayout.Nhwc : TensorLayout.Nchw)} input {Shape(dims)}."
                : $"{label} expects {dims[channelAxis]} channels (input {Shape(dims)}); FacePortal feeds 3 (RGB or BGR).");
        }
        CheckSide(dims[heightAxis], model.Height, model.InputHeight is null ? "InputSize" : "InputHeight", "height", settings, label, dims);
        CheckSide(dims[widthAxis], model.Width, model.InputWidth is null ? "InputSize" : "InputWidth", "width", settings, label, dims);

        var output = session.OutputMetadata.First();
        if (!output.Value.IsTensor || output.Value.ElementType != typeof(float))
        {
            throw new ModelUnavailableException($"{label}: output '{output.Key}' is {output.Value.ElementType.Name}; an embedding must be float32.");
        }

        int[] item = nchw ? [3, model.Height, model.Width] : [model.Height, model.Width, 3];
        int? fixedBatch = dims[0] > 0 ? dims[0] : null;
        var probe = Probe(session, inputName, output.Key, item, fixedBatch ?? 2);
        if (probe.Error is not null && fixedBatch is null)
        {
            // A batch declared dynamic that the graph cannot vary (a reshape with a literal 1 inside): one at a time.
            var single = Probe(session, inputName, output.Key, item, 1);
            if (single.Error is null)
            {
                (probe, fixedBatch) = (single, 1);
            }
        }
        if (probe.Error is not null)
        {
            throw new ModelUnavailableException($"{label} fails on a trial input of {Shape([fixedBatch ?? 2, .. item])}: {probe.Error}");
        }
        if (probe.ValuesPerFace != model.EmbeddingSize)
        {
            throw new ModelUnavailableException($"{settings}:EmbeddingSize is {model.EmbeddingSize} but {label} returns {probe.ValuesPerFace} values per face (output '{output.Key}').");
        }
        return new EmbeddingModelShape(item, fixedBatch, probe.ValuesPerFace);
    }

    private static void CheckSide(int actual, int configured, string setting, string side, string settings, string label, int[] dims)
    {
        if (actual > 0 && actual != configured)
        {
            throw new ModelUnavailableException($"{settings}:{setting} is {configured} but {label} expects an input {side} of {actual} (input {Shape(dims)}).");
        }
    }

    private readonly record struct ProbeResult(int ValuesPerFace, string? Error);

    // One run on a blank batch: the output's real size (exports often leave it symbolic) and any runtime failure,
    // found at load rather than in the middle of an import.
    private static ProbeResult Probe(InferenceSession session, string inputName, string outputName, int[] item, int batch)
    {
        long[] shape = [batch, .. item.Select(d => (long)d)];
        var data = new float[batch * item.Aggregate(1, (a, b) => a * b)];
        try
        {
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data.AsMemory(), shape);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, [inputName], [value], [outputName]);
            var info = outputs[0].GetTensorTypeAndShape();
            if (info.Shape.Length == 0 || info.Shape[0] != batch)
            {
                return new ProbeResult(0, $"output '{outputName}' has shape {Shape(info.Shape)} for a batch of {batch}");
            }
            return new ProbeResult((int)(info.ElementCount / batch), null);
        }
        catch (OnnxRuntimeException e)
        {
            return new ProbeResult(0, e.Message.Split('\n')[0]);
        }
    }

    private static string Shape(IEnumerable<int> dims) => "[" + string.Join(",", dims.Select(d => d > 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")) + "]";

    private static string Shape(IEnumerable<long> dims) => Shape(dims.Select(d => (int)d));
}
