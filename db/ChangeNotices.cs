using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;

namespace Callaro.Db;

/// <summary>
/// "Something changed, read it again": grains announce every persisted transition through PostgreSQL
/// NOTIFY on one channel; every api instance LISTENs and fans out to its subscribers.
/// Chosen over grain observers and Orleans streams because it needs no re-subscription when a silo
/// restarts or an activation moves, reaches every api instance, and is published only after the state
/// it announces is stored. Payloads stay tiny; subscribers read the current state from the grain.
/// </summary>
public sealed record ChangeNotice(
    [property: JsonPropertyName("k")] string Kind,
    [property: JsonPropertyName("o")] string OrgId,
    [property: JsonPropertyName("i")] string Id,
    [property: JsonPropertyName("s")] string? Status = null,
    [property: JsonPropertyName("p")] string? PreviousStatus = null)
{
    public const string Channel = "callaro_changes";
    public const string CampaignKind = "campaign";
    public const string UploadKind = "upload";
    public const string SegmentKind = "segment";

    public string ToJson() => JsonSerializer.Serialize(this);

    public static ChangeNotice? Parse(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<ChangeNotice>(payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed class ChangeNotifier(NpgsqlDataSource dataSource)
{
    public async Task PublishAsync(ChangeNotice notice)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_notify(@channel, @payload)");
        command.Parameters.AddWithValue("channel", ChangeNotice.Channel);
        command.Parameters.AddWithValue("payload", notice.ToJson());
        await command.ExecuteNonQueryAsync();
    }
}
