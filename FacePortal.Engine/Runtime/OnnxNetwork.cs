using Microsoft.ML.OnnxRuntime;

namespace FacePortal.Engine.Runtime;

/// <summary>
/// One ONNX model with one float input of shape [batch, ...] and float outputs; owns its session (one per model,
/// shared: Run is thread-safe). Cancellation is mapped to RunOptions.Terminate so a long batch stops promptly.
/// </summary>
public sealed class OnnxNetwork : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string[] _outputNames;

    /// <summary>
    /// <paramref name="itemShape"/>: input shape of one item, for files that leave dimensions symbolic (else read from
    /// the file); <paramref name="fixedBatch"/>: the only batch size the model takes (else read from the file).
    /// </summary>
    public OnnxNetwork(InferenceSession session, string name, string provider, int[]? itemShape = null, int? fixedBatch = null)
    {
        _session = session;
        Name = name;
        Provider = provider;
        var input = session.InputMetadata.Single();
        _inputName = input.Key;
        ItemShape = itemShape ?? input.Value.Dimensions.Skip(1).ToArray();
        FixedBatch = fixedBatch ?? (input.Value.Dimensions is [> 0 and var b, ..] ? b : null);
        _outputNames = session.OutputMetadata.Keys.ToArray();
        OutputItemSizes = session.OutputMetadata.Values
            .Select(m => m.Dimensions.Skip(1).Aggregate(1, (a, b) => a * Math.Max(b, 1)))
            .ToArray();
    }

    public string Name { get; }

    /// <summary>"CPU" or "CUDA".</summary>
    public string Provider { get; }

    /// <summary>Input shape without the batch dimension.</summary>
    public int[] ItemShape { get; }

    public int ItemSize => ItemShape.Aggregate(1, (a, b) => a * b);

    /// <summary>The batch size fixed in the model file (most ArcFace exports: 1); null when any batch is taken.</summary>
    public int? FixedBatch { get; }

    public IReadOnlyList<string> OutputNames => _outputNames;

    public int OutputIndex(string name) => Array.IndexOf(_outputNames, name) is var i and >= 0
        ? i
        : throw new InvalidOperationException($"{Name} has no output named '{name}'.");

    /// <summary>Elements per batch item of each output (symbolic dimensions other than the batch count as 1).</summary>
    public int[] OutputItemSizes { get; }

    /// <summary>Runs a batch; returns each output flattened (batch-major).</summary>
    public float[][] Run(float[] input, int batch, CancellationToken cancellationToken) => Run(input, batch, ItemShape, cancellationToken);

    /// <summary>As above, with items of the given shape (for a model whose item dimensions are symbolic).</summary>
    public float[][] Run(float[] input, int batch, int[] itemShape, CancellationToken cancellationToken)
    {
        var itemSize = itemShape.Aggregate(1, (a, b) => a * b);
        if (input.Length < batch * itemSize)
        {
            throw new ArgumentException($"{Name}: {input.Length} floats cannot hold {batch} items of {itemSize}.", nameof(input));
        }
        if (FixedBatch is { } fixedBatch && batch != fixedBatch)
        {
            throw new ArgumentException($"{Name} takes batches of exactly {fixedBatch}, not {batch}.", nameof(batch));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var shape = new long[itemShape.Length + 1];
        shape[0] = batch;
        for (var i = 0; i < itemShape.Length; i++)
        {
            shape[i + 1] = itemShape[i];
        }
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, batch * itemSize), shape);
        try
        {
            using var outputs = _session.Run(runOptions, [_inputName], [value], _outputNames);
            return outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray()).ToArray();
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public void Dispose() => _session.Dispose();
}
