namespace FacePortal.Web.Features.Imports;

/// <summary>An import request that cannot be started; the message says why, in words for the user.</summary>
public sealed class ImportRequestException(ImportProblem problem, string message) : Exception(message)
{
    public ImportProblem Problem { get; } = problem;
}
