using Callaro.Db;
using Callaro.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Callaro.Tests.Uploads;

/// <summary>Migration 0012 moves contacts from text upload ids to upload numbers without losing or mixing a row.</summary>
public sealed class UploadNumberMigrationTests
{
    [Fact]
    public async Task Contacts_stored_before_upload_numbers_stay_with_their_upload_and_their_verdicts()
    {
        var connectionString = await TestDatabase.CreateEmptyAsync("upgrade");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecAsync(connection, "CREATE TABLE callaro_schema_versions (version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var migration in SchemaMigrator.Migrations.Where(m => m.Version < 12))
        {
            await ExecAsync(connection, migration.Sql);
            await ExecAsync(connection, $"INSERT INTO callaro_schema_versions (version, name, checksum) VALUES ({migration.Version}, '{migration.Name}', '{migration.Checksum}')");
        }

        // Two orgs, three uploads under the old text keys (org-a has two), rows interleaved, some already excluded.
        await ExecAsync(connection, """
            INSERT INTO upload_index (org_id, upload_id, campaign_id, status, file_name, received_at, updated_at)
            VALUES ('org-a', 'upl_1', 'c1', 'STAGED', 'a.csv', now(), now()),
                   ('org-a', 'upl_3', 'c1', 'SUPERSEDED', 'a2.csv', now(), now()),
                   ('org-b', 'upl_2', 'c2', 'STAGED', 'b.csv', now(), now());
            INSERT INTO upload_contacts (upload_id, chunk_no, row_number, org_id, identifier, phone, consent, excluded)
            SELECT (ARRAY['upl_1', 'upl_3', 'upl_2'])[g % 3 + 1], g / 10, g, (ARRAY['org-a', 'org-a', 'org-b'])[g % 3 + 1],
                   'id-' || g, '+1212555' || lpad(g::text, 4, '0'), 0, CASE WHEN g % 5 = 0 THEN 'DUPLICATE' END
              FROM generate_series(1, 100) g;
            """);
        const string Before = "SELECT string_agg(org_id || '/' || upload_id || ':' || row_number || ':' || coalesce(excluded, '-'), ',' ORDER BY row_number) FROM upload_contacts";
        var before = await TestDatabase.ScalarAsync<string>(connectionString, Before);

        Assert.Contains("0012_upload_numbers", await SchemaMigrator.MigrateAsync(connectionString));

        var after = await TestDatabase.ScalarAsync<string>(
            connectionString,
            "SELECT string_agg(i.org_id || '/' || i.upload_id || ':' || c.row_number || ':' || coalesce(c.excluded, '-'), ',' ORDER BY c.row_number) FROM upload_contacts c JOIN upload_index i ON i.upload_no = c.upload_no");
        Assert.Equal(before, after);
        Assert.Equal(3, await TestDatabase.ScalarAsync<long>(connectionString, "SELECT count(DISTINCT upload_no) FROM upload_contacts"));
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
