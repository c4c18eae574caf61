using Callaro.Contracts;
using Npgsql;

namespace Callaro.Grains.Storage;

/// <summary>
/// The campaign list projection (table <c>campaign_index</c>): written by campaign grains after each change, paged
/// by the api (newest first).
/// </summary>
public sealed class CampaignIndex(NpgsqlDataSource dataSource)
{
    public async Task UpsertAsync(string orgId, string campaignId, string name, CampaignStatus status, string ownerId, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO campaign_index (org_id, campaign_id, name, status, owner_id, created_at, updated_at)
            VALUES (@org, @id, @name, @status, @owner, @created, @updated)
            ON CONFLICT (org_id, campaign_id) DO UPDATE
               SET name = excluded.name, status = excluded.status, owner_id = excluded.owner_id, updated_at = excluded.updated_at
            """);
        command.Parameters.AddWithValue("org", orgId);
        command.Parameters.AddWithValue("id", campaignId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("status", status.ToString());
        command.Parameters.AddWithValue("owner", ownerId);
        command.Parameters.AddWithValue("created", createdAt.UtcDateTime);
        command.Parameters.AddWithValue("updated", updatedAt.UtcDateTime);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A page of the org's campaigns, newest first (ties by id), optionally of one status, after the keyset
    /// <paramref name="after"/> (the last row of the page before).
    /// </summary>
    public async Task<Page<CampaignIndexRow>> PageAsync(string orgId, CampaignStatus? status, CampaignIndexRow? after, int first, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT campaign_id, created_at FROM campaign_index
             WHERE org_id = @org
               AND (@status::text IS NULL OR status = @status)
               AND (@after_at::timestamptz IS NULL OR (created_at, campaign_id) < (@after_at, @after_id))
             ORDER BY created_at DESC, campaign_id DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("org", orgId);
        command.Parameters.Add(KeysetPage.Text("status", status?.ToString()));
        command.Parameters.Add(new NpgsqlParameter("after_at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = after is null ? DBNull.Value : after.CreatedAt });
        command.Parameters.Add(KeysetPage.Text("after_id", after?.CampaignId));

        await using var count = dataSource.CreateCommand(
            "SELECT count(*) FROM campaign_index WHERE org_id = @org AND (@status::text IS NULL OR status = @status)");
        count.Parameters.AddWithValue("org", orgId);
        count.Parameters.Add(KeysetPage.Text("status", status?.ToString()));
        return await KeysetPage.ReadAsync(command, first, r => new CampaignIndexRow(r.GetString(0), r.GetDateTime(1)), count, cancellationToken);
    }
}

/// <summary>A campaign's place in the list: its id and when it was created (UTC), the list's keyset.</summary>
public sealed record CampaignIndexRow(string CampaignId, DateTime CreatedAt);
