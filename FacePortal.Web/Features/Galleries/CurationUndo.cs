using System.Security.Claims;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// Reverses a recorded curation change from its <see cref="UndoPayload"/>. Later changes to the same images or
/// identities are listed first (an old undo may clobber them), and the undo itself is recorded and links the entry.
/// </summary>
public sealed class CurationUndo(IDbContextFactory<PortalDbContext> databases, GalleryWriter writer)
{
    /// <summary>What undoing <paramref name="entryId"/> would collide with: later, still-standing changes to the same things.</summary>
    public async Task<UndoPreview> PreviewAsync(long entryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await PreviewAsync(db, entryId, cancellationToken);
    }

    /// <summary>
    /// Undoes the entry. When later changes depend on it, <paramref name="confirmed"/> must be true (the caller showed
    /// <see cref="PreviewAsync(long, CancellationToken)"/>); returns notes on what could not be put back (deleted meanwhile).
    /// </summary>
    public Task<IReadOnlyList<string>> UndoAsync(long entryId, bool confirmed, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        return writer.WriteAsync<IReadOnlyList<string>>(async db =>
        {
            var preview = await PreviewAsync(db, entryId, cancellationToken);
            if (preview.Refusal is { } refusal)
            {
                throw new GalleryException(refusal);
            }
            if (preview.Conflicts.Count > 0 && !confirmed)
            {
                throw new GalleryException("Later changes depend on this one; confirm to undo anyway: " + string.Join("; ", preview.Conflicts));
            }
            var entry = await db.Activity.SingleAsync(a => a.Id == entryId, cancellationToken);
            var notes = await ApplyAsync(db, entry, UndoPayload.FromJson(entry.Undo)!, cancellationToken);
            var undo = writer.Record(db, who, entry.GalleryId, "undo", $"entry {entry.Id} ({entry.Action}: {entry.Details})" + (notes.Count > 0 ? " - " + string.Join("; ", notes) : ""), null);
            await db.SaveChangesAsync(cancellationToken);
            entry.UndoneBy = undo.Id;
            return notes;
        }, null, cancellationToken);
    }

    private static async Task<UndoPreview> PreviewAsync(PortalDbContext db, long entryId, CancellationToken ct)
    {
        var entry = await db.Activity.AsNoTracking().FirstOrDefaultAsync(a => a.Id == entryId, ct);
        if (entry is null)
        {
            return new UndoPreview("That activity entry does not exist.", []);
        }
        if (entry.UndoneBy is { } by)
        {
            return new UndoPreview($"Entry {entryId} was already undone (by entry {by}).", []);
        }
        if (UndoPayload.FromJson(entry.Undo) is not { } payload)
        {
            return new UndoPreview($"\"{entry.Action}\" cannot be undone (a delete removes the rows and files for good).", []);
        }
        var images = payload.Images().ToHashSet();
        var identities = payload.Identities().ToHashSet();
        var clusters = payload.Clusters().ToHashSet();
        var later = await db.Activity.AsNoTracking()
            .Where(a => a.Id > entryId && a.GalleryId == entry.GalleryId && a.Undo != null && a.UndoneBy == null)
            .OrderBy(a => a.Id).ToListAsync(ct);
        var conflicts = new List<string>();
        foreach (var other in later)
        {
            var next = UndoPayload.FromJson(other.Undo)!;
            conflicts.AddRange(next.Images().Where(images.Contains).Take(5).Select(i => $"image {i} was changed again later by entry {other.Id} ({other.Action})"));
            conflicts.AddRange(next.Identities().Where(identities.Contains).Take(5).Select(i => $"identity {i} was changed again later by entry {other.Id} ({other.Action})"));
            conflicts.AddRange(next.Clusters().Where(clusters.Contains).Take(5).Select(c => $"cluster {c} was changed again later by entry {other.Id} ({other.Action})"));
        }
        return new UndoPreview(null, conflicts);
    }

    private static async Task<List<string>> ApplyAsync(PortalDbContext db, ActivityEntry entry, UndoPayload payload, CancellationToken ct)
    {
        var notes = new List<string>();
        if (payload.Removed is { } removed)
        {
            // Same id again, so older entries that name it still undo.
            if (await db.Identities.AnyAsync(i => i.Id == removed.Id || (i.GalleryId == entry.GalleryId && i.Name == removed.Name), ct))
            {
                throw new GalleryException($"\"{removed.Name}\" cannot be brought back: an identity with that name (or id) exists now; rename it first.");
            }
            db.Identities.Add(new FaceIdentity { Id = removed.Id, GalleryId = entry.GalleryId!.Value, Name = removed.Name, Tags = [.. removed.Tags], CreatedAt = removed.CreatedAt });
            await db.SaveChangesAsync(ct);
        }
        if (payload.PreviousIdentity is { } identityOf)
        {
            var ids = identityOf.Keys.ToList();
            var found = await db.Images.Where(i => ids.Contains(i.Id)).ToListAsync(ct);
            var targets = identityOf.Values.Distinct().ToList();
            var existing = (await db.Identities.Where(i => targets.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct)).ToHashSet();
            foreach (var image in found)
            {
                if (existing.Contains(identityOf[image.Id]))
                {
                    image.IdentityId = identityOf[image.Id];
                }
                else
                {
                    notes.Add($"image {image.Id} stays: identity {identityOf[image.Id]} no longer exists");
                }
            }
            if (found.Count < ids.Count)
            {
                notes.Add($"{ids.Count - found.Count} images no longer exist");
            }
        }
        if (payload.PreviousExcluded is { } excludedOf)
        {
            var ids = excludedOf.Keys.ToList();
            var found = await db.Images.Where(i => ids.Contains(i.Id)).ToListAsync(ct);
            found.ForEach(i => i.Excluded = excludedOf[i.Id]);
            if (found.Count < ids.Count)
            {
                notes.Add($"{ids.Count - found.Count} images no longer exist");
            }
        }
        foreach (var (id, name) in payload.PreviousName ?? [])
        {
            var identity = await db.Identities.FindAsync([id], ct);
            if (identity is null)
            {
                notes.Add($"identity {id} no longer exists, not renamed back to \"{name}\"");
                continue;
            }
            if (await db.Identities.AnyAsync(i => i.GalleryId == identity.GalleryId && i.Name == name && i.Id != id, ct))
            {
                throw new GalleryException($"Cannot rename back to \"{name}\": another identity has that name now.");
            }
            identity.Name = name;
        }
        foreach (var (id, tags) in payload.PreviousTags ?? [])
        {
            if (await db.Identities.FindAsync([id], ct) is { } identity)
            {
                identity.Tags = [.. tags];
            }
        }
        await UndoClustersAsync(db, payload, notes, ct);
        if (payload.CreatedRejections is { Count: > 0 } rejections)
        {
            await db.SuggestionRejections.Where(r => rejections.Contains(r.Id)).ExecuteDeleteAsync(ct);
        }
        if (payload.CreatedIdentityId is { } created)
        {
            await db.SaveChangesAsync(ct);
            // Only an identity the undo emptied goes; one that gained other images since stays.
            if (await db.Identities.FindAsync([created], ct) is { } identity && !await db.Images.AnyAsync(i => i.IdentityId == created, ct))
            {
                db.Identities.Remove(identity);
            }
        }
        return notes;
    }

    // Cluster membership (split, face moved out): the old members back, the clusters made from them gone.
    private static async Task UndoClustersAsync(PortalDbContext db, UndoPayload payload, List<string> notes, CancellationToken ct)
    {
        if (payload.CreatedClusters is { Count: > 0 } created)
        {
            await db.FaceClusters.Where(c => created.Contains(c.Id)).ExecuteDeleteAsync(ct);
        }
        if (payload.PreviousClusterMembers is { } members)
        {
            var ids = members.Keys.ToList();
            var found = await db.FaceClusters.Where(c => ids.Contains(c.Id)).ToListAsync(ct);
            found.ForEach(c => c.ImageIds = [.. members[c.Id]]);
            if (found.Count < ids.Count)
            {
                notes.Add($"{ids.Count - found.Count} clusters no longer exist (clustered again since?)");
            }
        }
    }
}

/// <summary>Why an entry cannot be undone (null: it can), and the later changes an undo would overrule.</summary>
public sealed record UndoPreview(string? Refusal, IReadOnlyList<string> Conflicts);
