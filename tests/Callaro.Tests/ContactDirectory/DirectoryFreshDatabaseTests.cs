using Callaro.Grains.ContactDirectory;
using Callaro.Grains.Storage;
using Callaro.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Callaro.Tests.DirectoryTests;

/// <summary>
/// The directory sync on a database whose directory tables were vacuumed while empty (a fresh deployment after a
/// routine VACUUM ANALYZE): the planner then believes them empty, whatever a statement is adding to them.
/// </summary>
public sealed class DirectoryFreshDatabaseTests
{
    [Fact]
    public async Task A_first_big_attach_into_a_directory_vacuumed_while_empty_finishes_with_every_contact()
    {
        const int Contacts = 80_000;
        // A server-side bound on every statement: a sync that rescans its own new rows per row (quadratic: half a minute per statement
        // at this size) fails here instead of hanging; a linear one takes about a second.
        var connectionString = new NpgsqlConnectionStringBuilder(await TestDatabase.CreateAsync("fresh_directory"))
        {
            Options = "-c statement_timeout=20000",
        }.ConnectionString;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            string[] seed =
            [
                """
                INSERT INTO upload_index (org_id, upload_id, campaign_id, status, file_name, received_at, updated_at)
                VALUES ('org-fresh', 'upl_big', 'cmp_1', 'ATTACHED', 'big.csv', now(), now())
                """,
                $"""
                INSERT INTO upload_contacts (upload_no, chunk_no, row_number, identifier, phone, consent)
                SELECT (SELECT upload_no FROM upload_index WHERE upload_id = 'upl_big'), g / 10000, g, 'id-' || g, '+1212' || lpad(g::text, 7, '0'), 0
                  FROM generate_series(1, {Contacts}) g
                """,
                "VACUUM (ANALYZE) org_contacts",
                "VACUUM (ANALYZE) org_contact_uploads",
            ];
            foreach (var sql in seed)
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new DirectoryStore(dataSource, new LaunchStore(dataSource));

        var upserted = await store.UpsertFromUploadAsync("org-fresh", "upl_big", DateTimeOffset.UtcNow);

        Assert.Equal(Contacts, upserted);
        Assert.Equal(Contacts, await TestDatabase.ScalarAsync<long>(connectionString, "SELECT count(*) FROM org_contacts WHERE org_id = 'org-fresh'"));
        Assert.Equal(Contacts, await TestDatabase.ScalarAsync<long>(connectionString, "SELECT count(*) FROM org_contact_uploads WHERE org_id = 'org-fresh' AND upload_id = 'upl_big'"));

        // The same sync again (a retried attach): nothing new, nothing lost.
        await store.UpsertFromUploadAsync("org-fresh", "upl_big", DateTimeOffset.UtcNow);
        Assert.Equal(Contacts, await TestDatabase.ScalarAsync<long>(connectionString, "SELECT count(*) FROM org_contacts WHERE org_id = 'org-fresh'"));
        Assert.Equal(Contacts, await TestDatabase.ScalarAsync<long>(connectionString, "SELECT count(*) FROM org_contact_uploads WHERE org_id = 'org-fresh'"));
    }
}
