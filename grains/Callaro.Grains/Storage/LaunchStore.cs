using Npgsql;

namespace Callaro.Grains.Storage;

/// <summary>
/// Launch in one transaction: the launch row (the guard against a second launch), a last suppression
/// check, and one dial task per dialable contact. A second call finds the launch row and creates nothing.
/// </summary>
public sealed class LaunchStore(NpgsqlDataSource dataSource)
{
    public async Task<long> LaunchAsync(string orgId, string campaignId, string uploadId, DateTimeOffset at)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var guard = new NpgsqlCommand(
            "INSERT INTO launches (org_id, campaign_id, upload_id, task_count, launched_at) VALUES (@o, @c, @u, 0, @at) ON CONFLICT DO NOTHING",
            connection,
            transaction))
        {
            guard.Parameters.AddWithValue("o", orgId);
            guard.Parameters.AddWithValue("c", campaignId);
            guard.Parameters.AddWithValue("u", uploadId);
            guard.Parameters.AddWithValue("at", at.UtcDateTime);
            if (await guard.ExecuteNonQueryAsync() == 0)
            {
                await transaction.RollbackAsync();
                return await TaskCountAsync(orgId, campaignId) ?? 0;
            }
        }

        await SuppressionStore.ExcludeSuppressedAsync(connection, transaction, orgId, uploadId);
        long created;
        await using (var tasks = new NpgsqlCommand(
            $"""
            INSERT INTO dial_tasks (org_id, campaign_id, task_no, upload_id, row_number, identifier, phone, phone_ext, timezone, crm_id, created_at)
            SELECT @o, @c, row_number() OVER (ORDER BY chunk_no, row_number), @u, row_number, identifier, phone, phone_ext, timezone, crm_id, @at
              FROM upload_contacts
             WHERE {UploadNumbers.ContactsOf("@u")} AND excluded IS NULL
            """,
            connection,
            transaction))
        {
            tasks.Parameters.AddWithValue("o", orgId);
            tasks.Parameters.AddWithValue("c", campaignId);
            tasks.Parameters.AddWithValue("u", uploadId);
            tasks.Parameters.AddWithValue("at", at.UtcDateTime);
            tasks.CommandTimeout = 600;
            created = await tasks.ExecuteNonQueryAsync();
        }

        await RecordTaskCountAsync(connection, transaction, orgId, campaignId, created);
        await transaction.CommitAsync();
        return created;
    }

    /// <summary>Sets the launch row's task count, in the launch's own transaction.</summary>
    public static async Task RecordTaskCountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string orgId, string campaignId, long created)
    {
        await using var count = new NpgsqlCommand("UPDATE launches SET task_count = @n WHERE org_id = @o AND campaign_id = @c", connection, transaction);
        count.Parameters.AddWithValue("n", created);
        count.Parameters.AddWithValue("o", orgId);
        count.Parameters.AddWithValue("c", campaignId);
        await count.ExecuteNonQueryAsync();
    }

    /// <summary>The campaign's launch, if its transaction committed (whatever happened to the grain afterwards).</summary>
    public async Task<LaunchRecord?> FindAsync(string orgId, string campaignId)
    {
        await using var command = dataSource.CreateCommand("SELECT upload_id, task_count, launched_at FROM launches WHERE org_id = @o AND campaign_id = @c");
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("c", campaignId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new LaunchRecord(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc)))
            : null;
    }

    public async Task<long?> TaskCountAsync(string orgId, string campaignId)
    {
        await using var command = dataSource.CreateCommand("SELECT task_count FROM launches WHERE org_id = @o AND campaign_id = @c");
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("c", campaignId);
        return await command.ExecuteScalarAsync() as long?;
    }
}

/// <summary>A committed launch: the upload it dialled (none for directory audiences), its tasks, when.</summary>
public sealed record LaunchRecord(string? UploadId, long TaskCount, DateTimeOffset LaunchedAt);
