using Callaro.Contracts;
using Npgsql;

namespace Callaro.Grains.Storage;

/// <summary>The campaign list projection (table <c>campaign_index</c>), written by campaign grains after each change.</summary>
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
}
