namespace Callaro.Pipeline.Reading;

/// <summary>A row of the head of a file, read as strings; <see cref="Error"/> is set when it is malformed.</summary>
public sealed record HeadRow(long RowNumber, IReadOnlyList<string> Fields, string? Error);

/// <summary>The first data rows of a file's head, read as the chunks are: the mapping suggestion and the preview use them.</summary>
public static class HeadRows
{
    /// <summary>At most <paramref name="rows"/> rows; a row the head cuts is left out unless the head is the whole file.</summary>
    public static List<HeadRow> Read(SniffResult sniff, ReadOnlySpan<byte> head, bool headIsWholeFile, int rows)
    {
        var list = new List<HeadRow>();
        if (rows <= 0)
        {
            return list;
        }

        var chunker = new RawChunker(sniff, new ChunkerOptions(RowsPerChunk: rows + 1));
        try
        {
            chunker.Append(head);
            chunker.Complete();
        }
        catch (PipelineException)
        {
            // A head cut inside a long quoted record: use what was read.
        }

        if (!chunker.TryTakeChunk(out var chunk))
        {
            return list;
        }

        foreach (var row in new ChunkReader(sniff).Read(chunk))
        {
            list.Add(new HeadRow(row.RowNumber, row.ToArray(), row.Error));
        }

        // The head may end inside a row: its last row is only trustworthy when the head is the whole file.
        if (!headIsWholeFile && list.Count > 0 && chunker.ChunkCount == 1)
        {
            list.RemoveAt(list.Count - 1);
        }

        if (list.Count > rows)
        {
            list.RemoveRange(rows, list.Count - rows);
        }

        return list;
    }
}
