using System.Text;

namespace FacePortal.Web.Features.Imports.Sources;

/// <summary>
/// A CSV manifest <c>path,identity[,extra columns]</c> (header optional: a first row whose first cell is "path").
/// Paths are relative to a server folder; absolute paths and ".." are refused, and so is every file that (through
/// symbolic links) leads outside the <see cref="ServerRoots"/>, checked as each file is read. Extra columns become image tags,
/// <c>column:value</c> under a header, the plain value without one; a column headed <c>tags</c> holds whole tags
/// separated by <c>;</c> (<c>sex:F;age:30-39</c>), each applied as it is written.
/// </summary>
internal sealed class CsvImportSource(string manifestPath, string displayName, string baseFolder, ImportOptions limits, ServerRoots roots, long maxFileBytes) : IImportSource
{
    private const int MaxTagLength = 100;

    /// <summary>The header of the column whose cells are lists of whole tags.</summary>
    public const string TagsColumn = "tags";

    public IEnumerable<PlannedItem> Plan(CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(manifestPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        string[]? header = null;
        var first = true;
        var count = 0;
        foreach (var (line, fields) in CsvManifest.Rows(reader))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (first)
            {
                first = false;
                if (fields[0].Trim().Equals("path", StringComparison.OrdinalIgnoreCase))
                {
                    header = fields.Select(f => f.Trim()).ToArray();
                    continue;
                }
            }
            var row = $"{displayName} line {line}";
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (++count > limits.MaxItems)
            {
                yield return PlannedItem.Refused(row, $"more than {limits.MaxItems:N0} rows: the rest of the manifest is not imported");
                yield break;
            }
            if (fields.Length < 2)
            {
                yield return PlannedItem.Refused(row, "expected path,identity");
                continue;
            }
            var path = fields[0].Trim();
            SafePaths.Segments(path, out var refused);
            if (refused is not null)
            {
                yield return PlannedItem.Refused(path.Length > 0 ? path : row, $"unsafe path in the manifest ({refused}): paths are relative to {baseFolder}");
                continue;
            }
            var identity = IdentityNames.Clean(fields[1], limits.MaxIdentityNameLength);
            if (identity is null)
            {
                yield return PlannedItem.Refused(path, $"{row}: no identity");
                continue;
            }
            var tags = new List<string>();
            for (var i = 2; i < fields.Length; i++)
            {
                var column = header is not null && i < header.Length ? header[i] : "";
                if (column.Equals(TagsColumn, StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var tag in fields[i].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        AddTag(tags, tag);
                    }
                    continue;
                }
                var value = fields[i].Trim();
                if (value.Length > 0)
                {
                    AddTag(tags, column.Length > 0 ? $"{column}:{value}" : value);
                }
            }
            yield return new PlannedItem(path, identity, new ItemExtra { Tags = tags.Count > 0 ? tags : null });
        }
    }

    private static void AddTag(List<string> tags, string tag)
    {
        var bounded = tag.Length > MaxTagLength ? tag[..MaxTagLength] : tag;
        if (!tags.Contains(bounded))
        {
            tags.Add(bounded);
        }
    }

    public byte[] Read(string source, ItemExtra extra, CancellationToken cancellationToken)
    {
        var segments = SafePaths.Segments(source, out var refused);
        var path = refused is null ? SafePaths.Under(baseFolder, segments) : null;
        return path is null
            ? throw new ImportItemException("the path leaves the manifest's base folder")
            : BoundedRead.ReadFile(roots.RequireFile(path), maxFileBytes, cancellationToken);
    }

    public void Dispose()
    {
    }
}
