using System.Text;
using Npgsql;

namespace Callaro.Grains.Storage;

/// <summary>
/// Grain states as the ADO.NET grain storage holds them (table <c>orleansstorage</c>, written by Orleans with our
/// <see cref="JsonGrainStateSerializer"/>): read as JSON for the ops view's grain-state viewer.
/// </summary>
public sealed class StoredGrainStates(NpgsqlDataSource dataSource)
{
    /// <summary>A grain's state JSON, or null when none is stored.</summary>
    public async Task<string?> ReadJsonAsync(string serviceId, string stateName, string grainKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT payloadbinary FROM orleansstorage WHERE serviceid = @s AND graintypestring = @t AND grainidextensionstring = @k LIMIT 1");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("t", stateName);
        command.Parameters.AddWithValue("k", grainKey);
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] payload ? Encoding.UTF8.GetString(payload) : null;
    }
}
