namespace FacePortal.Web.Features.Evaluations;

/// <summary>One image of a pair set: its subject and, when it has no usable face, why (null = a template).</summary>
public readonly record struct StandardsImage(int ImageId, int SubjectId, string Name, string? Failure);
