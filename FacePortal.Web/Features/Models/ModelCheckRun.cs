using FacePortal.Engine.Recognition;

namespace FacePortal.Web.Features.Models;

/// <summary>The portal's current (or last) model check: what is checked on which sample, how far it is, and its report or error.</summary>
public sealed record ModelCheckRun(
    int Id,
    string ModelPath,
    string Sample,
    string StartedBy,
    DateTimeOffset StartedAt,
    ModelCheckState State,
    ModelCheckProgress? Progress,
    ModelCheckReport? Report,
    string? Error,
    DateTimeOffset? FinishedAt);
