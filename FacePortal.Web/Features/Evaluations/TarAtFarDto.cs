namespace FacePortal.Web.Features.Evaluations;

/// <summary>TAR at one FAR target in the REST answer; Threshold is null where only "accept nothing" meets the target.</summary>
public sealed record TarAtFarDto(double Tar, double? Threshold, double Far, int TrueAccepts, int FalseAccepts, int MaxFalseAccepts, int ImpostorPairs, bool Unreachable);
