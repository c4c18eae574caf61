using Npgsql;

namespace Callaro.Grains.Storage;

/// <summary>One page of a keyset-paged list: its rows, whether another page follows, and how many rows there are in all.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, bool HasNext, long Total);

/// <summary>Keyset paging as every list read does it: one row more than asked tells whether another page follows.</summary>
internal static class KeysetPage
{
    /// <summary>
    /// Runs <paramref name="page"/> (its <c>LIMIT @limit</c> is bound here to <paramref name="first"/> + 1), keeps
    /// <paramref name="first"/> rows, then runs <paramref name="count"/> for the total.
    /// </summary>
    public static async Task<Page<T>> ReadAsync<T>(NpgsqlCommand page, int first, Func<NpgsqlDataReader, T> row, NpgsqlCommand count, CancellationToken cancellationToken)
    {
        page.Parameters.AddWithValue("limit", first + 1);
        var items = new List<T>();
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(row(reader));
            }
        }

        var hasNext = items.Count > first;
        if (hasNext)
        {
            items.RemoveAt(items.Count - 1);
        }

        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new Page<T>(items, hasNext, total);
    }

    /// <summary>A text parameter that may be null (Npgsql cannot infer the type of a null).</summary>
    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
