namespace FacePortal.Engine.Detection;

/// <summary>
/// Turns the converted Tiny Face Detector's output ([cells,cells,25] NHWC for one image) into face boxes in
/// original-image pixels, exactly as face-api's TinyYolov2Base.extractBoxes + nonMaxSuppression (IoU 0.4) +
/// ObjectDetection/FaceDetection rescaling do, including their double rounding steps.
/// </summary>
public static class TinyFaceDetectorDecoder
{
    public const double IouThreshold = 0.4;
    public const double DefaultScoreThreshold = 0.5;

    private const int Anchors = 5;
    private const int Encoding = 5;

    // tinyFaceDetector/const.ts BOX_ANCHORS (in grid cells).
    private static readonly (double X, double Y)[] BoxAnchors =
    [
        (1.603231, 2.094468),
        (6.041143, 7.080126),
        (2.882459, 3.518061),
        (4.266906, 5.178857),
        (9.041765, 10.66308),
    ];

    /// <param name="output">One image's net output, length (inputSize/32)^2 * 25.</param>
    /// <param name="imageWidth">Width of the original image (before the pad to a square).</param>
    /// <param name="imageHeight">Height of the original image.</param>
    /// <param name="inputSize">The size the model was converted for (multiple of 32).</param>
    /// <param name="scoreThreshold">Keep a box when sigmoid(score logit) is above this (face-api: 0 keeps all).</param>
    /// <returns>Detections in NMS order (best score first).</returns>
    public static FaceDetection[] Decode(ReadOnlySpan<float> output, int imageWidth, int imageHeight,
        int inputSize = 416, double scoreThreshold = DefaultScoreThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        if (inputSize < 32 || inputSize % 32 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "Must be a positive multiple of 32.");
        }
        var cells = inputSize / 32;
        if (output.Length != cells * cells * Anchors * Encoding)
        {
            throw new ArgumentException($"Expected {cells}x{cells}x{Anchors * Encoding} values for input size {inputSize}, got {output.Length}.", nameof(output));
        }

        // The image's size inside the padded square (computeReshapedDimensions; JS Math.round = half up).
        var scale = inputSize / (double)Math.Max(imageWidth, imageHeight);
        var reshapedW = Math.Round(imageWidth * scale, MidpointRounding.AwayFromZero);
        var reshapedH = Math.Round(imageHeight * scale, MidpointRounding.AwayFromZero);
        var side = Math.Max(reshapedW, reshapedH);
        var correctionX = side / reshapedW;
        var correctionY = side / reshapedH;

        var boxes = new List<FaceBox>();
        var scores = new List<double>();
        for (var row = 0; row < cells; row++)
        {
            for (var col = 0; col < cells; col++)
            {
                for (var anchor = 0; anchor < Anchors; anchor++)
                {
                    var v = output.Slice(((row * cells + col) * Anchors + anchor) * Encoding, Encoding);
                    var score = Sigmoid(v[4]);
                    if (scoreThreshold != 0 && !(score > scoreThreshold))
                    {
                        continue;
                    }
                    var ctX = (col + Sigmoid(v[0])) / cells * correctionX;
                    var ctY = (row + Sigmoid(v[1])) / cells * correctionY;
                    var w = Math.Exp(v[2]) * BoxAnchors[anchor].X / cells * correctionX;
                    var h = Math.Exp(v[3]) * BoxAnchors[anchor].Y / cells * correctionY;
                    var x = ctX - w / 2;
                    var y = ctY - h / 2;
                    // BoundingBox(left, top, right, bottom) stores width = right - left.
                    boxes.Add(new FaceBox(x, y, x + w - x, y + h - y));
                    scores.Add(score);
                }
            }
        }

        var nmsBoxes = boxes.Select(b => Rescale(b, inputSize, inputSize)).ToList();
        var picks = FaceApiNonMaxSuppression.Run(nmsBoxes, scores, IouThreshold);

        // ObjectDetection rescales the relative box to the image; FaceDetection goes to relative and back.
        var result = new FaceDetection[picks.Length];
        for (var i = 0; i < picks.Length; i++)
        {
            var pixels = Rescale(boxes[picks[i]], imageWidth, imageHeight);
            var relative = Rescale(pixels, 1.0 / imageWidth, 1.0 / imageHeight);
            result[i] = new FaceDetection(Rescale(relative, imageWidth, imageHeight), scores[picks[i]]);
        }
        return result;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static FaceBox Rescale(FaceBox b, double sx, double sy) => new(b.X * sx, b.Y * sy, b.Width * sx, b.Height * sy);
}
