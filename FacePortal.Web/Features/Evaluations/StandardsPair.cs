namespace FacePortal.Web.Features.Evaluations;

/// <summary>One scored pair as the standards figures see it: its score, label, whether an image failed, and both subjects.</summary>
public readonly record struct StandardsPair(double Score, bool Same, bool Missing, int SubjectA, int SubjectB);
