using System.Globalization;
using System.Text;
using Callaro.Contracts;
using Npgsql;

namespace Callaro.Api.GraphQL;

/// <summary>Pages an org's campaigns from the <c>campaign_index</c> projection, newest first, keyset cursors.</summary>
public sealed class CampaignList(NpgsqlDataSource dataSource, IClusterClient grains)
{
    public const int MaxPageSize = 200;

    public async Task<Connection<CampaignView>> PageAsync(string orgId, int first, string? after, CampaignStatus? status, CancellationToken cancellationToken)
    {
        if (first is < 0 or > MaxPageSize)
        {
            throw new CallaroError(ErrorCodes.InvalidInput, $"first must be between 0 and {MaxPageSize}.");
        }

        var cursor = after is null ? default((DateTime, string)?) : DecodeCursor(after);
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
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlTypes.NpgsqlDbType.Text) { Value = status is null ? DBNull.Value : status.ToString() });
        command.Parameters.Add(new NpgsqlParameter("after_at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = cursor is null ? DBNull.Value : cursor.Value.Item1 });
        command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlTypes.NpgsqlDbType.Text) { Value = cursor is null ? DBNull.Value : cursor.Value.Item2 });
        command.Parameters.AddWithValue("limit", first + 1);

        var page = new List<(string Id, DateTime CreatedAt)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                page.Add((reader.GetString(0), reader.GetDateTime(1)));
            }
        }

        var hasNext = page.Count > first;
        if (hasNext)
        {
            page.RemoveAt(page.Count - 1);
        }

        var views = await Task.WhenAll(page.Select(p => grains.GetGrain<ICampaignGrain>(GrainKeys.Scoped(orgId, p.Id)).GetAsync()));
        var nodes = views.Where(v => v is not null).Select(v => v!).ToList();

        await using var count = dataSource.CreateCommand(
            "SELECT count(*) FROM campaign_index WHERE org_id = @org AND (@status::text IS NULL OR status = @status)");
        count.Parameters.AddWithValue("org", orgId);
        count.Parameters.Add(new NpgsqlParameter("status", NpgsqlTypes.NpgsqlDbType.Text) { Value = status is null ? DBNull.Value : status.ToString() });
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;

        var endCursor = page.Count == 0 ? null : EncodeCursor(page[^1].CreatedAt, page[^1].Id);
        return new Connection<CampaignView>(nodes, new PageInfo(hasNext, endCursor), total);
    }

    private static string EncodeCursor(DateTime createdAt, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{createdAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{id}"));

    private static (DateTime, string) DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return (new DateTime(long.Parse(text[..bar], CultureInfo.InvariantCulture), DateTimeKind.Utc), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new CallaroError(ErrorCodes.InvalidInput, "after is not a cursor this API gave out; pass pageInfo.endCursor from the previous page.");
        }
    }
}
