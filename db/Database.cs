using Npgsql;

namespace Callaro.Db;

public static class Database
{
    /// <summary>
    /// Waits for PostgreSQL to accept connections (containers start in any order), then applies the schema.
    /// </summary>
    /// <summary>
    /// The connection string with PostgreSQL's JIT off (kept with any options already given): our statements are
    /// short or bulk loads, and compiling a plan cost more than the query it sped up (a segment count over 911k
    /// contacts: 0.4 s without, 1.2 s with).
    /// </summary>
    public static string WithoutJit(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : builder.Options + " -c jit=off";
        return builder.ConnectionString;
    }

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
