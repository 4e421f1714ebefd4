namespace FacePortal.Engine.Evaluation;

/// <summary>A pair drawn by <see cref="PairSetGenerator"/>; image ids are ordered (A &lt; B).</summary>
public readonly record struct GeneratedPair(int ImageA, int ImageB, bool Same, int Fold);
