namespace FacePortal.Engine.Evaluation;

/// <summary>The pairs-file dialects <see cref="PairsFile"/> understands.</summary>
public enum PairsFileFormat
{
    /// <summary>LFW <c>pairs.txt</c> (View 2, "folds\tcount" header) or <c>pairsDevTrain/DevTest.txt</c> (single count).</summary>
    Lfw,

    /// <summary><c>pathA,pathB,label[,fold]</c> with an optional header line.</summary>
    Csv,
}
