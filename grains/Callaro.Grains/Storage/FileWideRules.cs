using Callaro.Contracts;
using Callaro.Pipeline;
using Npgsql;

namespace Callaro.Grains.Storage;

/// <summary>
/// The rules that need the whole file, run in PostgreSQL once every chunk is in, in one transaction:
/// suppression list, consent, other launched campaigns, then the duplicate policy among what is left.
/// Re-running them gives the same answer (they start by clearing earlier verdicts).
/// </summary>
public sealed class FileWideRules(NpgsqlDataSource dataSource)
{
    public async Task<long> ApplyAsync(string orgId, string uploadId, string campaignId, UploadOptions options)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        await ExecAsync(connection, transaction, "UPDATE upload_contacts SET excluded = NULL, excluded_message = NULL WHERE upload_id = @u AND excluded IS NOT NULL", uploadId, orgId, campaignId);
        var version = await SuppressionStore.ExcludeSuppressedAsync(connection, transaction, orgId, uploadId);

        if (options.RequireConsent)
        {
            await ExecAsync(
                connection,
                transaction,
                """
                UPDATE upload_contacts SET excluded = 'NO_CONSENT',
                       excluded_message = CASE consent WHEN 2 THEN 'The contact refused consent.' ELSE 'No affirmative consent in the file, and this upload requires consent.' END
                 WHERE upload_id = @u AND excluded IS NULL AND consent <> 1
                """,
                uploadId,
                orgId,
                campaignId);
        }

        if (options.CheckActiveCampaigns)
        {
            await ExecAsync(
                connection,
                transaction,
                """
                UPDATE upload_contacts c SET excluded = 'ACTIVE_IN_OTHER_CAMPAIGN',
                       excluded_message = 'This phone is already being dialled in launched campaign ' || t.campaign_id || '.'
                  FROM (SELECT DISTINCT ON (d.phone) d.phone, d.campaign_id
                          FROM dial_tasks d JOIN campaign_index ci ON ci.org_id = d.org_id AND ci.campaign_id = d.campaign_id
                         WHERE d.org_id = @o AND d.campaign_id <> @c AND ci.status = 'Launched') t
                 WHERE c.upload_id = @u AND c.excluded IS NULL AND c.phone = t.phone
                """,
                uploadId,
                orgId,
                campaignId);
        }

        await ApplyDuplicatesAsync(connection, transaction, uploadId, options);
        await transaction.CommitAsync();
        return version;
    }

    private static async Task ApplyDuplicatesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string uploadId, UploadOptions options)
    {
        // Which occurrences of a repeated key are excluded, and which row the message points to.
        var (excludedWhen, kept) = options.DuplicatePolicy switch
        {
            DuplicatePolicy.KeepLast => ("r.occ < r.cnt", "r.last_row"),
            DuplicatePolicy.ExcludeAll => ("true", "NULL::bigint"),
            _ => ("r.occ > 1", "r.first_row"),
        };

        var primaryKey = options.DuplicateKey == DuplicateKey.Identifier ? "identifier_key" : "phone_key";
        var primaryName = options.DuplicateKey == DuplicateKey.Identifier ? "identifier" : "phone";

        // 1. The duplicate key. With IDENTIFIER as key, a repeat with another phone is DUPLICATE_IDENTIFIER.
        var reason = options.DuplicateKey == DuplicateKey.Identifier
            ? "CASE WHEN c.phone_key = r.kept_phone THEN 'DUPLICATE' ELSE 'DUPLICATE_IDENTIFIER' END"
            : "'DUPLICATE'";
        await ExecAsync(connection, transaction, DuplicateSql(primaryKey, primaryName, excludedWhen, kept, reason), uploadId, string.Empty, string.Empty);

        // 2. With PHONE as key, one identifier left with several phones is DUPLICATE_IDENTIFIER.
        if (options.DuplicateKey == DuplicateKey.Phone)
        {
            await ExecAsync(connection, transaction, DuplicateSql("identifier_key", "identifier (with another phone)", excludedWhen, kept, "'DUPLICATE_IDENTIFIER'"), uploadId, string.Empty, string.Empty);
        }
    }

    private static string DuplicateSql(string key, string keyName, string excludedWhen, string kept, string reason) =>
        $"""
        WITH repeated AS (
            SELECT {key} AS k FROM upload_contacts WHERE upload_id = @u AND excluded IS NULL GROUP BY {key} HAVING count(*) > 1
        ), r AS (
            SELECT c.chunk_no, c.row_number,
                   row_number() OVER w AS occ,
                   count(*) OVER w AS cnt,
                   min(c.row_number) OVER w AS first_row,
                   max(c.row_number) OVER w AS last_row,
                   first_value(c.phone_key) OVER (PARTITION BY c.{key} ORDER BY c.row_number {(kept == "r.last_row" ? "DESC" : "ASC")}) AS kept_phone
              FROM upload_contacts c JOIN repeated ON repeated.k = c.{key}
             WHERE c.upload_id = @u AND c.excluded IS NULL
            WINDOW w AS (PARTITION BY c.{key} ORDER BY c.row_number ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
        )
        UPDATE upload_contacts c
           SET excluded = {reason},
               excluded_message = CASE WHEN {kept} IS NULL
                   THEN 'The same {keyName} appears on ' || r.cnt || ' rows; all are excluded (EXCLUDE_ALL).'
                   ELSE 'The same {keyName} as row ' || {kept} || ', which is kept.' END
          FROM r
         WHERE c.upload_id = @u AND c.chunk_no = r.chunk_no AND c.row_number = r.row_number AND {excludedWhen}
        """;

    private static async Task ExecAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string uploadId, string orgId, string campaignId)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("u", uploadId);
        if (sql.Contains("@o", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("o", orgId);
        }

        if (sql.Contains("@c", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("c", campaignId);
        }

        await command.ExecuteNonQueryAsync();
    }
}
