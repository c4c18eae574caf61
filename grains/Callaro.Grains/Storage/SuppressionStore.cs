using Npgsql;

namespace Callaro.Grains.Storage;

/// <summary>
/// The org's do-not-call list (<c>suppressions</c>) and its version (<c>suppression_versions</c>), and the marking
/// of an upload's contacts the list suppresses.
/// </summary>
public sealed class SuppressionStore(NpgsqlDataSource dataSource)
{
    public async Task<long> VersionAsync(string orgId)
    {
        await using var command = dataSource.CreateCommand("SELECT version FROM suppression_versions WHERE org_id = @org");
        command.Parameters.AddWithValue("org", orgId);
        return await command.ExecuteScalarAsync() is long version ? version : 0;
    }

    /// <summary>Adds (or refreshes) phones; answers how many were new and the list version after the change.</summary>
    public async Task<(int Added, long Version)> AddAsync(string orgId, IReadOnlyList<string> phones, string? reason, string userId, DateTimeOffset at)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO suppressions (org_id, phone, reason, added_by, added_at)
            SELECT @org, p, @reason, @user, @at FROM unnest(@phones) AS p
            ON CONFLICT (org_id, phone) DO NOTHING
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("org", orgId);
        command.Parameters.AddWithValue("phones", phones.Distinct().ToArray());
        command.Parameters.Add(new NpgsqlParameter("reason", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)reason ?? DBNull.Value });
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("at", at.UtcDateTime);
        var added = await command.ExecuteNonQueryAsync();
        var version = added > 0 ? await BumpAsync(connection, transaction, orgId) : await CurrentAsync(connection, transaction, orgId);
        await transaction.CommitAsync();
        return (added, version);
    }

    public async Task<(int Removed, long Version)> RemoveAsync(string orgId, IReadOnlyList<string> phones)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("DELETE FROM suppressions WHERE org_id = @org AND phone = ANY(@phones)", connection, transaction);
        command.Parameters.AddWithValue("org", orgId);
        command.Parameters.AddWithValue("phones", phones.Distinct().ToArray());
        var removed = await command.ExecuteNonQueryAsync();
        var version = removed > 0 ? await BumpAsync(connection, transaction, orgId) : await CurrentAsync(connection, transaction, orgId);
        await transaction.CommitAsync();
        return (removed, version);
    }

    /// <summary>A page of the org's suppressed phones in phone order after <paramref name="afterPhone"/>, optionally matching <paramref name="search"/> (phone or reason).</summary>
    public async Task<Page<SuppressionEntry>> PageAsync(string orgId, string? afterPhone, string? search, int first, CancellationToken cancellationToken = default)
    {
        const string Filter = "org_id = @o AND (@search::text IS NULL OR phone LIKE '%' || @search || '%' OR reason ILIKE '%' || @search || '%')";
        var searched = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        await using var command = dataSource.CreateCommand(
            $"SELECT phone, reason, added_by, added_at FROM suppressions WHERE {Filter} AND (@after::text IS NULL OR phone > @after) ORDER BY phone LIMIT @limit");
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.Add(KeysetPage.Text("search", searched));
        command.Parameters.Add(KeysetPage.Text("after", afterPhone));
        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM suppressions WHERE {Filter}");
        count.Parameters.AddWithValue("o", orgId);
        count.Parameters.Add(KeysetPage.Text("search", searched));
        return await KeysetPage.ReadAsync(
            command,
            first,
            r => new SuppressionEntry(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), new DateTimeOffset(r.GetDateTime(3), TimeSpan.Zero)),
            count,
            cancellationToken);
    }

    /// <summary>
    /// Marks an upload's still-dialable contacts whose phone is suppressed (with <paramref name="overDuplicates"/>:
    /// also rows already judged duplicates, whose verdict the suppression comes before; the statement is
    /// <see cref="FileWideVerdictStore.MarkSuppressedAsync"/>'s); answers the list version applied and the rows marked.
    /// </summary>
    public static async Task<(long Version, List<long> Rows)> ExcludeSuppressedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string orgId, string uploadId, bool overDuplicates = false)
    {
        // An org without a suppression list: nothing to join a million contacts against.
        if (!await AnyAsync(connection, transaction, orgId))
        {
            return (await CurrentAsync(connection, transaction, orgId), []);
        }

        var rows = await FileWideVerdictStore.MarkSuppressedAsync(connection, transaction, orgId, uploadId, overDuplicates, afterStaging: false);
        return (await CurrentAsync(connection, transaction, orgId), rows);
    }

    /// <summary>Applies suppressions added since staging; answers how many contacts became suppressed and the version.</summary>
    public async Task<(int NewlySuppressed, long Version)> RecheckAsync(string orgId, string uploadId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var changed = await FileWideVerdictStore.MarkSuppressedAsync(connection, transaction, orgId, uploadId, overDuplicates: false, afterStaging: true);
        var version = await CurrentAsync(connection, transaction, orgId);
        await transaction.CommitAsync();
        return (changed.Count, version);
    }

    private static async Task<bool> AnyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string orgId)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM suppressions WHERE org_id = @org)", connection, transaction);
        command.Parameters.AddWithValue("org", orgId);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> BumpAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string orgId)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO suppression_versions (org_id, version) VALUES (@org, 1) ON CONFLICT (org_id) DO UPDATE SET version = suppression_versions.version + 1 RETURNING version",
            connection,
            transaction);
        command.Parameters.AddWithValue("org", orgId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> CurrentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string orgId)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM suppression_versions WHERE org_id = @org", connection, transaction);
        command.Parameters.AddWithValue("org", orgId);
        return await command.ExecuteScalarAsync() is long version ? version : 0;
    }
}

/// <summary>A phone on the org's suppression list: why, by whom, since when.</summary>
public sealed record SuppressionEntry(string Phone, string? Reason, string AddedBy, DateTimeOffset AddedAt);
