using System.Security.Claims;
using FacePortal.Engine.Embedding;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// A gallery's embedding models: how far each has embedded it, which one Verify and Identify use by default
/// (switching keeps every label, tag, curation and evaluation: descriptors of every model stay side by side), and the
/// gallery-embed job that gives every face a descriptor of another model.
/// </summary>
public sealed class GalleryModelService(IDbContextFactory<PortalDbContext> databases, FaceEngineHost host, GalleryWriter writer, JobService jobs)
{
    /// <summary>The gallery's model and its descriptor counts per loaded model; null for an unknown gallery.</summary>
    public async Task<GalleryModelState?> GetAsync(int galleryId, CancellationToken cancellationToken)
    {
        var engine = await host.GetAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var gallery = await db.Galleries.AsNoTracking().Where(g => g.Id == galleryId).Select(g => new { g.Model }).FirstOrDefaultAsync(cancellationToken);
        if (gallery is null)
        {
            return null;
        }
        var faces = await db.Faces.CountAsync(f => f.Image!.GalleryId == galleryId, cancellationToken);
        var counts = await FaceDescriptors.CountByModelAsync(db, galleryId, cancellationToken);
        var models = engine.EmbeddingModelNames.Select(name =>
        {
            var signature = FaceDescriber.For(engine, name).Signature;
            var (withDescriptor, primary) = counts.GetValueOrDefault(signature);
            return new GalleryModelCount(name, signature, withDescriptor, primary, faces - withDescriptor);
        }).ToList();
        var defaultModel = engine.Pipeline.Model.Name;
        return new GalleryModelState(galleryId, gallery.Model, defaultModel, gallery.Model ?? defaultModel, faces, models);
    }

    /// <summary>
    /// Makes <paramref name="model"/> (a loaded model's name; null or empty: the engine's default) the gallery's model for
    /// Verify and Identify. Nothing else changes: each model's descriptors, thresholds and operating points stay as they are.
    /// </summary>
    public async Task SetModelAsync(int galleryId, string? model, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        model = string.IsNullOrWhiteSpace(model) ? null : model.Trim();
        await CheckModelAsync(model, cancellationToken);
        await writer.WriteAsync(async db =>
        {
            var gallery = await GalleryWriter.FindGalleryAsync(db, galleryId, cancellationToken);
            if (gallery.Model == model)
            {
                return 0;
            }
            writer.Record(db, who, galleryId, "set-model", $"{gallery.Model ?? "engine default"} -> {model ?? "engine default"}");
            gallery.Model = model;
            return 0;
        }, null, cancellationToken);
    }

    /// <summary>Starts a gallery-embed job: every face of the gallery gets a descriptor of <paramref name="model"/>; returns the job id.</summary>
    public async Task<int> StartEmbedAsync(int galleryId, string model, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new GalleryException("Name the model to embed the gallery with.");
        }
        model = model.Trim();
        await CheckModelAsync(model, cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var name = await db.Galleries.Where(g => g.Id == galleryId).Select(g => g.Name).FirstOrDefaultAsync(cancellationToken)
            ?? throw new GalleryException("The gallery no longer exists (deleted meanwhile?).");
        return await jobs.EnqueueAsync(GalleryEmbedJobHandler.JobKind, $"Embed {name} with {model}", new GalleryEmbedParameters(galleryId, model).ToJson(), who, cancellationToken);
    }

    /// <summary>
    /// After new faces arrive (an import): when the gallery uses a model other than the engine's default, which is the
    /// one imports describe with, queue a gallery-embed job for it, so its Verify/Identify see the new faces. Nothing
    /// when one is already queued or running for that gallery and model. Returns the job id, or null.
    /// </summary>
    public async Task<int?> EmbedNewFacesAsync(int galleryId, string? user, CancellationToken cancellationToken)
    {
        var engine = await host.GetAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var gallery = await db.Galleries.AsNoTracking().Where(g => g.Id == galleryId).Select(g => new { g.Name, g.Model }).FirstOrDefaultAsync(cancellationToken);
        if (gallery?.Model is not { } model || model == engine.Pipeline.Model.Name || !engine.EmbeddingModelNames.Contains(model, StringComparer.Ordinal))
        {
            return null;
        }
        var parameters = new GalleryEmbedParameters(galleryId, model).ToJson();
        if (await db.Jobs.AnyAsync(j => j.Kind == GalleryEmbedJobHandler.JobKind && j.Parameters == parameters
            && (j.State == JobState.Queued || j.State == JobState.Running), cancellationToken))
        {
            return null;
        }
        return await jobs.EnqueueAsync(GalleryEmbedJobHandler.JobKind, $"Embed {gallery.Name} with {model} (new faces)", parameters, user, cancellationToken);
    }

    private async Task CheckModelAsync(string? model, CancellationToken cancellationToken)
    {
        var engine = await host.GetAsync(cancellationToken);
        if (model is not null && !engine.EmbeddingModelNames.Contains(model, StringComparer.Ordinal))
        {
            throw new GalleryException($"There is no embedding model named \"{model}\". Loaded: {string.Join(", ", engine.EmbeddingModelNames)}.");
        }
    }
}
