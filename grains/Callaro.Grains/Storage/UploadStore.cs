using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Callaro.Contracts;
using Callaro.Pipeline;
using Npgsql;
using NpgsqlTypes;

namespace Callaro.Grains.Storage;

/// <summary>
/// An upload's rows in PostgreSQL: its index row (<c>upload_index</c>), raw chunks (<c>upload_chunks</c>), the
/// org's mapping memory (<c>mapping_memory</c>), and the clearing of a run's results before the next one.
/// </summary>
public sealed class UploadStore(NpgsqlDataSource dataSource)
{
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Records the upload in the index; answers its number, which keys its contacts (<see cref="UploadNumbers"/>).</summary>
    public async Task<long> UpsertIndexAsync(string orgId, string uploadId, string campaignId, UploadStatus status, string fileName, string? sha256, long size, DateTimeOffset receivedAt, DateTimeOffset updatedAt)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO upload_index (org_id, upload_id, campaign_id, status, file_name, sha256, size_bytes, received_at, updated_at)
            VALUES (@org, @id, @campaign, @status, @file, @sha, @size, @received, @updated)
            ON CONFLICT (org_id, upload_id) DO UPDATE
               SET status = excluded.status, sha256 = excluded.sha256, size_bytes = excluded.size_bytes, updated_at = excluded.updated_at
            RETURNING upload_no
            """);
        command.Parameters.AddWithValue("org", orgId);
        command.Parameters.AddWithValue("id", uploadId);
        command.Parameters.AddWithValue("campaign", campaignId);
        command.Parameters.AddWithValue("status", Names.Of(status));
        command.Parameters.AddWithValue("file", fileName);
        command.Parameters.Add(new NpgsqlParameter("sha", NpgsqlDbType.Text) { Value = (object?)sha256 ?? DBNull.Value });
        command.Parameters.AddWithValue("size", size);
        command.Parameters.AddWithValue("received", receivedAt.UtcDateTime);
        command.Parameters.AddWithValue("updated", updatedAt.UtcDateTime);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<SameFileNotice?> FindSameFileAsync(string orgId, string sha256, string uploadId)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT u.upload_id, u.campaign_id, c.name, u.received_at, u.status
              FROM upload_index u LEFT JOIN campaign_index c ON c.org_id = u.org_id AND c.campaign_id = u.campaign_id
             WHERE u.org_id = @org AND u.sha256 = @sha AND u.upload_id <> @id
             ORDER BY u.received_at
             LIMIT 1
            """);
        command.Parameters.AddWithValue("org", orgId);
        command.Parameters.AddWithValue("sha", sha256);
        command.Parameters.AddWithValue("id", uploadId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new SameFileNotice(
            reader.GetString(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero),
            Names.Parse<UploadStatus>(reader.GetString(4)));
    }

    public async Task<IReadOnlyList<string>> UploadIdsOfCampaignAsync(string orgId, string campaignId)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT upload_id FROM upload_index WHERE org_id = @org AND campaign_id = @campaign ORDER BY received_at DESC");
        command.Parameters.AddWithValue("org", orgId);
        command.Parameters.AddWithValue("campaign", campaignId);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Uploads that were at work when the cluster stopped (all orgs): the silo resumes them at start.</summary>
    public async Task<IReadOnlyList<(string OrgId, string UploadId)>> InterruptedUploadsAsync()
    {
        await using var command = dataSource.CreateCommand($"SELECT org_id, upload_id FROM upload_index WHERE {AtWork}");
        var list = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add((reader.GetString(0), reader.GetString(1)));
        }

        return list;
    }

    /// <summary>The org's uploads at work (receiving, mapping or validating), oldest first: the ops view.</summary>
    public async Task<IReadOnlyList<string>> ActiveUploadIdsAsync(string orgId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT upload_id FROM upload_index WHERE org_id = @o AND {AtWork} ORDER BY received_at");
        command.Parameters.AddWithValue("o", orgId);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>
    /// The org's uploads that hold one of its concurrent upload slots: still arriving (RECEIVING, or MAPPING before
    /// the last byte: no sha256 yet) or being validated.
    /// </summary>
    public async Task<long> CountHoldingSlotsAsync(string orgId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM upload_index WHERE org_id = @org AND (status IN ('RECEIVING', 'VALIDATING') OR (status = 'MAPPING' AND sha256 IS NULL))");
        command.Parameters.AddWithValue("org", orgId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task SaveChunksAsync(string orgId, string uploadId, IReadOnlyList<Pipeline.Reading.RawChunk> chunks)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var delete = new NpgsqlCommand("DELETE FROM upload_chunks WHERE upload_id = @id AND chunk_no = ANY(@nos)", connection, transaction))
        {
            delete.Parameters.AddWithValue("id", uploadId);
            delete.Parameters.AddWithValue("nos", chunks.Select(c => c.ChunkNo).ToArray());
            await delete.ExecuteNonQueryAsync();
        }

        // Raw binary COPY: each row's small fields are encoded by hand, then the chunk's megabyte goes to the
        // socket as it is (Npgsql's importer would copy it through its 8 KB buffer, a send per piece).
        await using (var raw = await connection.BeginRawBinaryCopyAsync("COPY upload_chunks (upload_id, chunk_no, org_id, first_row, row_count, data) FROM STDIN (FORMAT BINARY)"))
        {
            var first = true;
            foreach (var chunk in chunks)
            {
                using var fields = new BinaryCopyWriter(512, header: first);
                first = false;
                fields.StartRow(6);
                fields.Text(uploadId);
                fields.Int32(chunk.ChunkNo);
                fields.Text(orgId);
                fields.Int64(chunk.FirstRowNumber);
                fields.Int32(chunk.RowCount);
                fields.FieldLength(chunk.Utf8.Length);
                await raw.WriteAsync(fields.WrittenMemory);
                await raw.WriteAsync(chunk.Utf8);
            }

            using var trailer = new BinaryCopyWriter(16, header: false);
            await raw.WriteAsync(trailer.Complete());
        }

        await transaction.CommitAsync();
    }

    /// <summary>A stored chunk's first row number and bytes; with <paramref name="orgId"/>, found within that org only.</summary>
    public async Task<(long FirstRow, byte[] Data)?> ReadChunkAsync(string uploadId, int chunkNo, string? orgId = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT first_row, data FROM upload_chunks WHERE upload_id = @id AND chunk_no = @no{OfOrg(orgId)}");
        command.Parameters.AddWithValue("id", uploadId);
        command.Parameters.AddWithValue("no", chunkNo);
        AddOrg(command, orgId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), (byte[])reader.GetValue(1)) : null;
    }

    /// <summary>The stored chunks in order, with their first row numbers; with <paramref name="orgId"/>, found within that org only.</summary>
    public async Task<IReadOnlyList<(int ChunkNo, long FirstRow)>> ChunkPlanAsync(string uploadId, string? orgId = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT chunk_no, first_row FROM upload_chunks WHERE upload_id = @id{OfOrg(orgId)} ORDER BY chunk_no");
        command.Parameters.AddWithValue("id", uploadId);
        AddOrg(command, orgId);
        var list = new List<(int, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((reader.GetInt32(0), reader.GetInt64(1)));
        }

        return list;
    }

    /// <summary>Chunk numbers whose results for <paramref name="run"/> are stored, with their row counts.</summary>
    public async Task<Dictionary<int, long>> DoneChunksAsync(string uploadId, int run)
    {
        await using var command = dataSource.CreateCommand("SELECT chunk_no, rows FROM upload_chunk_results WHERE upload_id = @id AND run = @run");
        command.Parameters.AddWithValue("id", uploadId);
        command.Parameters.AddWithValue("run", run);
        var done = new Dictionary<int, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            done[reader.GetInt32(0)] = reader.GetInt32(1);
        }

        return done;
    }

    /// <summary>A new validation run starts from nothing: earlier contacts, rejections and chunk results go.</summary>
    public async Task ClearResultsAsync(string uploadId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await Uploads.ChunkRowWriter.ClearAsync(connection, transaction: null, uploadId, chunkNo: null);
    }

    /// <summary>Statuses of an upload at work: the silos resume these at start, the ops view lists them.</summary>
    private const string AtWork = "status IN ('RECEIVING', 'MAPPING', 'VALIDATING')";

    /// <summary>The api reads an org's upload within that org only, whatever the id says.</summary>
    private static string OfOrg(string? orgId) => orgId is null ? string.Empty : " AND org_id = @org";

    private static void AddOrg(NpgsqlCommand command, string? orgId)
    {
        if (orgId is not null)
        {
            command.Parameters.AddWithValue("org", orgId);
        }
    }

    public static string HeaderKey(IReadOnlyList<string> columns)
    {
        var normalized = string.Join('\u001f', columns.Select(c => c.Trim().ToUpperInvariant()));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }

    public async Task<IReadOnlyList<ColumnMapping>?> RecallMappingAsync(string orgId, IReadOnlyList<string> columns)
    {
        await using var command = dataSource.CreateCommand("SELECT mapping FROM mapping_memory WHERE org_id = @org AND header_key = @key");
        command.Parameters.AddWithValue("org", orgId);
        command.Parameters.AddWithValue("key", HeaderKey(columns));
        var json = await command.ExecuteScalarAsync() as string;
        return json is null ? null : JsonSerializer.Deserialize<List<ColumnMapping>>(json, JsonGrainStateSerializer.Options);
    }

    public async Task RememberMappingAsync(string orgId, IReadOnlyList<string> columns, IReadOnlyList<ColumnMapping> mapping, string userId, DateTimeOffset at)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO mapping_memory (org_id, header_key, columns, mapping, confirmed_by, confirmed_at)
            VALUES (@org, @key, @columns, @mapping, @user, @at)
            ON CONFLICT (org_id, header_key) DO UPDATE SET mapping = excluded.mapping, confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at
            """);
        command.Parameters.AddWithValue("org", orgId);
        command.Parameters.AddWithValue("key", HeaderKey(columns));
        command.Parameters.AddWithValue("columns", columns.ToArray());
        command.Parameters.Add(new NpgsqlParameter("mapping", NpgsqlDbType.Jsonb)
        {
            Value = JsonSerializer.Serialize(mapping.Select(m => m with { Confidence = null }).ToList(), JsonGrainStateSerializer.Options),
        });
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("at", at.UtcDateTime);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Contract spellings of enum values as stored in PostgreSQL (UPLOAD_STATUS, PHONE_INVALID...).</summary>
public static class Names
{
    public static string Of<T>(T value)
        where T : struct, Enum => Pipeline.Reporting.ContractNames.Of(value);

    public static T Parse<T>(string name)
        where T : struct, Enum =>
        Pipeline.Reporting.ContractNames.TryParse<T>(name, out var value) ? value : throw new FormatException($"'{name}' is not a {typeof(T).Name}.");
}
