using Npgsql;
using NpgsqlTypes;

namespace Callaro.Grains.Storage;

/// <summary>
/// Launches (<c>launches</c>) and their dial tasks (<c>dial_tasks</c>). A launch is one transaction: the launch row
/// (the guard against a second launch), then one dial task per dialable contact. A second call finds the launch
/// row and creates nothing.
/// </summary>
public sealed class LaunchStore(NpgsqlDataSource dataSource)
{
    /// <summary>Launch of an upload's audience: a last suppression check, then a task per contact not excluded.</summary>
    public Task<long> LaunchAsync(string orgId, string campaignId, string uploadId, DateTimeOffset at) =>
        LaunchAsync(
            orgId,
            campaignId,
            at,
            "INSERT INTO launches (org_id, campaign_id, upload_id, task_count, launched_at) VALUES (@o, @c, @u, 0, @at) ON CONFLICT DO NOTHING",
            guard => guard.AddWithValue("u", uploadId),
            async (connection, transaction) => await SuppressionStore.ExcludeSuppressedAsync(connection, transaction, orgId, uploadId),
            $"""
            INSERT INTO dial_tasks (org_id, campaign_id, task_no, upload_id, row_number, identifier, phone, phone_ext, timezone, crm_id, created_at)
            SELECT @o, @c, row_number() OVER (ORDER BY chunk_no, row_number), @u, row_number, identifier, phone, phone_ext, timezone, crm_id, @at
              FROM upload_contacts
             WHERE {UploadNumbers.ContactsOf("@u")} AND excluded IS NULL
            """,
            tasks => tasks.AddWithValue("u", uploadId));

    /// <summary>
    /// Launch of a contact-directory audience, exactly its members of this moment (a segment is frozen here).
    /// <paramref name="membersSql"/> (with <paramref name="membersParameters"/>; <c>@o</c> and <c>@c</c> are bound
    /// here) defines the CTE <c>d</c>: the dialable members with position, identifier, phone, phone_ext, timezone,
    /// crm_id, last_upload_id and phone_rank; rank 1 of each phone is dialled.
    /// </summary>
    public Task<long> LaunchFromDirectoryAsync(
        string orgId, string campaignId, string sourceName, string? segmentId, string? segmentConditionsJson, string membersSql, IReadOnlyList<NpgsqlParameter> membersParameters, DateTimeOffset at) =>
        LaunchAsync(
            orgId,
            campaignId,
            at,
            """
            INSERT INTO launches (org_id, campaign_id, upload_id, task_count, launched_at, source, segment_id, segment_conditions)
            VALUES (@o, @c, NULL, 0, @at, @source, @segment, @conditions) ON CONFLICT DO NOTHING
            """,
            guard =>
            {
                guard.AddWithValue("source", sourceName);
                guard.Add(new NpgsqlParameter("segment", NpgsqlDbType.Text) { Value = (object?)segmentId ?? DBNull.Value });
                guard.Add(new NpgsqlParameter("conditions", NpgsqlDbType.Jsonb) { Value = (object?)segmentConditionsJson ?? DBNull.Value });
            },
            beforeTasks: null,
            membersSql +
            """
            INSERT INTO dial_tasks (org_id, campaign_id, task_no, upload_id, row_number, identifier, phone, phone_ext, timezone, crm_id, created_at)
            SELECT @o, @c, row_number() OVER (ORDER BY position), last_upload_id, NULL, identifier, phone, phone_ext, timezone, crm_id, @at
              FROM d WHERE phone_rank = 1
            """,
            tasks => tasks.AddRange(membersParameters.ToArray()));

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

    /// <summary>A page of the campaign's dial tasks in task order, after task <paramref name="afterTaskNo"/>.</summary>
    public async Task<Page<DialTaskRow>> DialTasksAsync(string orgId, string campaignId, long afterTaskNo, int first, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT task_no, identifier, phone, timezone, crm_id, status, phone_ext FROM dial_tasks
             WHERE org_id = @o AND campaign_id = @c AND task_no > @after ORDER BY task_no LIMIT @limit
            """);
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("c", campaignId);
        command.Parameters.AddWithValue("after", afterTaskNo);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM dial_tasks WHERE org_id = @o AND campaign_id = @c");
        count.Parameters.AddWithValue("o", orgId);
        count.Parameters.AddWithValue("c", campaignId);
        return await KeysetPage.ReadAsync(
            command,
            first,
            r => new DialTaskRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)),
            count,
            cancellationToken);
    }

    /// <summary>
    /// The launch transaction: the guard row (with <c>@o @c @at</c> and what <paramref name="bindGuard"/> adds); if
    /// it was there already, nothing more and the tasks it created; else <paramref name="beforeTasks"/>, the tasks,
    /// and their count on the launch row.
    /// </summary>
    private async Task<long> LaunchAsync(
        string orgId,
        string campaignId,
        DateTimeOffset at,
        string guardSql,
        Action<NpgsqlParameterCollection> bindGuard,
        Func<NpgsqlConnection, NpgsqlTransaction, Task>? beforeTasks,
        string tasksSql,
        Action<NpgsqlParameterCollection> bindTasks)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var guard = new NpgsqlCommand(guardSql, connection, transaction))
        {
            Bind(guard, orgId, campaignId, at);
            bindGuard(guard.Parameters);
            if (await guard.ExecuteNonQueryAsync() == 0)
            {
                await transaction.RollbackAsync();
                return await TaskCountAsync(orgId, campaignId) ?? 0;
            }
        }

        if (beforeTasks is not null)
        {
            await beforeTasks(connection, transaction);
        }

        long created;
        await using (var tasks = new NpgsqlCommand(tasksSql, connection, transaction) { CommandTimeout = 600 })
        {
            Bind(tasks, orgId, campaignId, at);
            bindTasks(tasks.Parameters);
            created = await tasks.ExecuteNonQueryAsync();
        }

        await using (var count = new NpgsqlCommand("UPDATE launches SET task_count = @n WHERE org_id = @o AND campaign_id = @c", connection, transaction))
        {
            count.Parameters.AddWithValue("n", created);
            count.Parameters.AddWithValue("o", orgId);
            count.Parameters.AddWithValue("c", campaignId);
            await count.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return created;
    }

    private static void Bind(NpgsqlCommand command, string orgId, string campaignId, DateTimeOffset at)
    {
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddWithValue("c", campaignId);
        command.Parameters.AddWithValue("at", at.UtcDateTime);
    }
}

/// <summary>A committed launch: the upload it dialled (none for directory audiences), its tasks, when.</summary>
public sealed record LaunchRecord(string? UploadId, long TaskCount, DateTimeOffset LaunchedAt);

/// <summary>A dial task as stored: its number within the campaign, whom it calls, and its status.</summary>
public sealed record DialTaskRow(long TaskNo, string Identifier, string Phone, string? Timezone, string? CrmId, string Status, string? PhoneExtension);
