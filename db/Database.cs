using Npgsql;

namespace Callaro.Db;

public static class Database
{
    /// <summary>
    /// Waits for PostgreSQL to accept connections (containers start in any order), then applies the schema.
    /// </summary>
    public static async Task PrepareAsync(string connectionString, TimeSpan patience, Action<string> log, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                var applied = await SchemaMigrator.MigrateAsync(connectionString, cancellationToken);
                log(applied.Count == 0 ? "Schema is up to date." : $"Applied schema migrations: {string.Join(", ", applied)}.");
                return;
            }
            catch (NpgsqlException ex) when (DateTime.UtcNow < deadline && ex.IsTransient)
            {
                log($"PostgreSQL not reachable yet ({ex.Message}); retrying.");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
