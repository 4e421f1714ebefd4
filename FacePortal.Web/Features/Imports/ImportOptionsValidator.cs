using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Imports;

public sealed class ImportOptionsValidator : IValidateOptions<ImportOptions>
{
    public ValidateOptionsResult Validate(string? name, ImportOptions o) => new SettingChecks(ImportOptions.Section)
        .Require(o.MaxUploadBytes > 0, nameof(o.MaxUploadBytes), "must be positive", o.MaxUploadBytes)
        .Require(o.MaxZipEntries > 0, nameof(o.MaxZipEntries), "must be positive", o.MaxZipEntries)
        .Require(o.MaxZipTotalBytes > 0, nameof(o.MaxZipTotalBytes), "must be positive", o.MaxZipTotalBytes)
        .Require(o.MaxEntryBytes > 0, nameof(o.MaxEntryBytes), "must be positive", o.MaxEntryBytes)
        .Require(o.MaxCompressionRatio >= 1, nameof(o.MaxCompressionRatio), "must be at least 1", o.MaxCompressionRatio)
        .Require(o.MaxBrowserFiles > 0, nameof(o.MaxBrowserFiles), "must be positive", o.MaxBrowserFiles)
        .Require(o.MaxItems > 0, nameof(o.MaxItems), "must be positive", o.MaxItems)
        .Require(o.BatchSize is >= 1 and <= 1024, nameof(o.BatchSize), "must be in 1..1024", o.BatchSize)
        .Require(o.MaxIdentityNameLength > 0, nameof(o.MaxIdentityNameLength), "must be positive", o.MaxIdentityNameLength)
        .Require(BadRoots(o).Length == 0, nameof(o.ServerRoots), "must be absolute paths of existing folders", string.Join(", ", BadRoots(o)))
        .Result;

    private static string[] BadRoots(ImportOptions o) =>
        (o.ServerRoots ?? []).Where(r => string.IsNullOrWhiteSpace(r) || !Path.IsPathFullyQualified(r.Trim()) || !Directory.Exists(r.Trim())).Select(r => $"'{r}'").ToArray();
}
