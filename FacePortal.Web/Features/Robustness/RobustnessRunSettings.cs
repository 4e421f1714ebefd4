using FacePortal.Engine.Robustness;

namespace FacePortal.Web.Features.Robustness;

/// <summary>A run's stored settings: the attack settings, and which pairs (how many, drawn with which seed).</summary>
public sealed record RobustnessRunSettings(RobustnessSettings Attack, int Pairs, int Seed);
