using Callaro.Db;
using Npgsql;

namespace Callaro.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database with Callaro's schema, on the server ./test.sh starts
/// (connection string in CALLARO_TEST_PG). Each fixture gets its own database, so tests never share rows.
/// </summary>
public static class TestDatabase
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("CALLARO_TEST_PG") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("CALLARO_TEST_PG is not set: run the tests with ./test.sh, which starts PostgreSQL for them.");

    public static async Task<string> CreateAsync(string purpose)
    {
        var connectionString = await CreateEmptyAsync(purpose);
        await SchemaMigrator.MigrateAsync(connectionString);
        return connectionString;
    }

    /// <summary>A fresh database without the schema (for tests of a migration itself).</summary>
    public static async Task<string> CreateEmptyAsync(string purpose)
    {
        var name = $"t_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var admin = new NpgsqlConnection(ServerConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, MaxPoolSize = 40 }.ConnectionString;
    }

    public static async Task<T?> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }
}
