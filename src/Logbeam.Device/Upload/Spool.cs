using System.Globalization;

namespace Logbeam.Device.Upload;

/// <summary>
/// Batches waiting on disk, oldest first: one file per batch, named <c>{sequence}-{lines}.batch</c>, written once to a
/// temporary name, flushed and renamed, never modified, deleted when acknowledged. A lock file keeps a second client
/// from sharing the directory. Bounded by bytes: the oldest batches go first. Not thread-safe; <see cref="Outbox"/> locks.
/// </summary>
internal sealed class Spool : IDisposable
{
    private const string Extension = ".batch";
    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly FileStream _lock;
    private readonly LinkedList<Entry> _entries = new();
    private OutgoingBatch? _head;

    public Spool(string directory, long maxBytes)
    {
        _directory = Path.GetFullPath(directory);
        _maxBytes = maxBytes;
        Directory.CreateDirectory(_directory);
        try
        {
            _lock = new FileStream(Path.Combine(_directory, "spool.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The spool directory {_directory} is in use by another Logbeam device client; give each device its own SpoolDirectory.", ex);
        }

        foreach (var file in Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            File.Delete(file); // a write that never completed
        }

        var found = new List<Entry>();
        foreach (var file in Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            if (TryParseName(Path.GetFileNameWithoutExtension(file), out long sequence, out int lines))
            {
                found.Add(new Entry(sequence, lines, new FileInfo(file).Length, file));
            }
        }

        foreach (var entry in found.OrderBy(e => e.Sequence))
        {
            _entries.AddLast(entry);
            Bytes += entry.Bytes;
            Lines += entry.Lines;
        }

        NextSequence = found.Count == 0 ? 1 : found.Max(e => e.Sequence) + 1;
    }

    /// <summary>The sequence after the newest batch found at start, so new batches sort after recovered ones.</summary>
    public long NextSequence { get; }

    public int Count => _entries.Count;

    public long Lines { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Writes a batch durably; then evicts the oldest batches (never the one being sent) while over the cap.</summary>
    /// <returns>The lines evicted.</returns>
    public long Append(OutgoingBatch batch, long protectedSequence)
    {
        string path = Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"{batch.Sequence:D19}-{batch.LineCount}{Extension}"));
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(batch.Body);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        batch.Spooled = true;
        _entries.AddLast(new Entry(batch.Sequence, batch.LineCount, batch.Body.Length, path));
        Bytes += batch.Body.Length;
        Lines += batch.LineCount;

        long evicted = 0;
        var node = _entries.First;
        while (Bytes > _maxBytes && node is not null && node != _entries.Last)
        {
            var next = node.Next;
            if (node.Value.Sequence != protectedSequence)
            {
                evicted += node.Value.Lines;
                RemoveNode(node);
            }

            node = next;
        }

        return evicted;
    }

    /// <summary>The oldest batch, read from disk once and kept until it is removed.</summary>
    public OutgoingBatch? Peek()
    {
        var first = _entries.First?.Value;
        if (first is null)
        {
            return null;
        }

        if (_head?.Sequence != first.Sequence)
        {
            _head = new OutgoingBatch(first.Sequence, File.ReadAllBytes(first.Path), first.Lines) { Spooled = true };
        }

        return _head;
    }

    /// <summary>Deletes the batch's file if it is still there; returns whether it was.</summary>
    public bool Remove(long sequence)
    {
        for (var node = _entries.First; node is not null; node = node.Next)
        {
            if (node.Value.Sequence == sequence)
            {
                RemoveNode(node);
                return true;
            }
        }

        return false;
    }

    public void Dispose() => _lock.Dispose();

    private void RemoveNode(LinkedListNode<Entry> node)
    {
        _entries.Remove(node);
        Bytes -= node.Value.Bytes;
        Lines -= node.Value.Lines;
        if (_head?.Sequence == node.Value.Sequence)
        {
            _head = null;
        }

        File.Delete(node.Value.Path);
    }

    private static bool TryParseName(string name, out long sequence, out int lines)
    {
        lines = 0;
        int dash = name.IndexOf('-', StringComparison.Ordinal);
        sequence = 0;
        return dash > 0
            && long.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            && int.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out lines);
    }

    private sealed record Entry(long Sequence, int Lines, long Bytes, string Path);
}
