namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// One clustering job's saved neighbour lists: a header (fingerprint of the faces and settings, face count), then one
/// length-prefixed record per batch of rows, appended and flushed as each batch is found. Read back on a restart:
/// records must follow on from row 0, and a record cut short by the stop is dropped (the file is cut back to the last
/// whole one). A fingerprint that no longer matches (the gallery or the settings changed) starts the file afresh.
/// </summary>
public sealed class ClusterCheckpoint : IDisposable
{
    private static readonly byte[] Magic = "FPCG1"u8.ToArray();
    private readonly FileStream _file;
    private readonly List<(int Node, double Distance)[]> _lists = [];

    private ClusterCheckpoint(FileStream file) => _file = file;

    /// <summary>Rows whose neighbour lists are saved (0 .. RowsDone - 1).</summary>
    public int RowsDone => _lists.Count;

    /// <summary>Rows found before this run started (read back from the file).</summary>
    public int RowsResumed { get; private set; }

    /// <summary>The saved lists, row by row.</summary>
    public IReadOnlyList<(int Node, double Distance)[]> Lists => _lists;

    public static ClusterCheckpoint Open(string path, byte[] fingerprint, int faces)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var checkpoint = new ClusterCheckpoint(file);
        try
        {
            if (!checkpoint.TryRead(fingerprint, faces))
            {
                checkpoint._lists.Clear();
                file.SetLength(0);
                using var header = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true);
                header.Write(Magic);
                header.Write(fingerprint.Length);
                header.Write(fingerprint);
                header.Write(faces);
                header.Flush();
                file.Flush(flushToDisk: true);
            }
            checkpoint.RowsResumed = checkpoint.RowsDone;
            return checkpoint;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Saves the lists of the next rows (from <see cref="RowsDone"/> on) and flushes them to disk.</summary>
    public void Append(IReadOnlyList<(int Node, double Distance)[]> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(RowsDone);
            w.Write(batch.Count);
            foreach (var list in batch)
            {
                w.Write(list.Length);
                foreach (var (node, distance) in list)
                {
                    w.Write(node);
                    w.Write(distance);
                }
            }
        }
        _file.Seek(0, SeekOrigin.End);
        _file.Write(BitConverter.GetBytes((int)buffer.Length));
        buffer.Position = 0;
        buffer.CopyTo(_file);
        _file.Flush(flushToDisk: true);
        _lists.AddRange(batch);
    }

    private bool TryRead(byte[] fingerprint, int faces)
    {
        if (_file.Length == 0)
        {
            return false;
        }
        using var r = new BinaryReader(_file, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)
                || !r.ReadBytes(r.ReadInt32()).AsSpan().SequenceEqual(fingerprint)
                || r.ReadInt32() != faces)
            {
                return false;
            }
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentOutOfRangeException)
        {
            // Cut short, or a header length no file of ours holds: start afresh.
            return false;
        }
        var good = _file.Position;
        while (_file.Length - _file.Position >= sizeof(int))
        {
            var length = r.ReadInt32();
            if (length < 8 || _file.Length - _file.Position < length)
            {
                break; // cut short by the stop
            }
            var start = r.ReadInt32();
            var count = r.ReadInt32();
            if (start != RowsDone || count < 0 || start + count > faces)
            {
                break;
            }
            // A record is taken whole or not at all, and a length it could not hold ends the file there (a damaged disk).
            var end = _file.Position - 8 + length;
            var rows = new List<(int Node, double Distance)[]>(Math.Min(count, faces));
            for (var row = 0; row < count; row++)
            {
                var n = r.ReadInt32();
                if (n < 0 || n > faces || (long)n * 12 > end - _file.Position)
                {
                    break;
                }
                var list = new (int, double)[n];
                for (var i = 0; i < list.Length; i++)
                {
                    list[i] = (r.ReadInt32(), r.ReadDouble());
                }
                rows.Add(list);
            }
            if (rows.Count != count || _file.Position != end)
            {
                break;
            }
            _lists.AddRange(rows);
            good = _file.Position;
        }
        _file.SetLength(good);
        return true;
    }

    public void Dispose() => _file.Dispose();
}
