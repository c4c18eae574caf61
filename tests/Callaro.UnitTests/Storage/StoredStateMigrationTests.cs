using System.Text.Json;
using System.Text.Json.Serialization;
using Callaro.Grains.Storage;

namespace Callaro.UnitTests.Storage;

/// <summary>
/// The ways docs/stored-state.md gives to change a stored property, proven with the storage's own serializer
/// options: what happens without one, keeping the stored name, and reading the old name into the new property.
/// </summary>
public sealed class StoredStateMigrationTests
{
    /// <summary>A draft as it was stored before the change.</summary>
    private const string StoredBefore = """{"ownerId":"usr_1","phone":"+14155550132","step":"Schedule","version":3}""";

    private static T Read<T>(string json) => new JsonGrainStateSerializer().Deserialize<T>(BinaryData.FromString(json));

    private static string Write<T>(T state) => new JsonGrainStateSerializer().Serialize(state).ToString();

    [Fact]
    public void Without_a_migration_a_renamed_property_reads_back_as_its_default_and_the_value_is_gone_on_the_next_write()
    {
        var draft = Read<RenamedOnly>(StoredBefore);

        Assert.Equal(string.Empty, draft.Owner);
        Assert.DoesNotContain("usr_1", Write(draft), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_migration_a_renamed_enum_member_fails_to_read_so_the_grain_cannot_activate() =>
        Assert.Throws<JsonException>(() => Read<EnumRenamedOnly>(StoredBefore));

    [Fact]
    public void A_renamed_property_that_keeps_its_stored_name_reads_old_state_and_writes_the_same_json()
    {
        var draft = Read<RenamedKeepingStoredName>(StoredBefore);

        Assert.Equal("usr_1", draft.Owner);
        Assert.Equal(WizardStepRenamed.Scheduling, draft.Step);
        Assert.Contains("\"ownerId\":\"usr_1\"", Write(draft), StringComparison.Ordinal);
        Assert.Contains("\"step\":\"Schedule\"", Write(draft), StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_only_alias_moves_an_old_value_into_the_new_property_and_only_the_new_name_is_written()
    {
        var draft = Read<RenamedWithUpgrade>(StoredBefore);

        Assert.Equal("usr_1", draft.Owner);
        Assert.Equal(["+14155550132"], draft.Phones);
        var written = Write(draft);
        Assert.Contains("\"owner\":\"usr_1\"", written, StringComparison.Ordinal);
        Assert.DoesNotContain("ownerId", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\"phone\"", written, StringComparison.Ordinal);

        // and state written after the change reads the same
        Assert.Equal(draft.Owner, Read<RenamedWithUpgrade>(written).Owner);
        Assert.Equal(draft.Phones, Read<RenamedWithUpgrade>(written).Phones);
    }

    private sealed record RenamedOnly
    {
        public string Owner { get; set; } = string.Empty;
        public string? Phone { get; set; }
        public string Step { get; set; } = string.Empty;
        public int Version { get; set; }
    }

    private sealed record EnumRenamedOnly
    {
        public WizardStepRenamedOnly Step { get; set; }
    }

    private enum WizardStepRenamedOnly
    {
        Audience,
        Scheduling,
    }

    private sealed record RenamedKeepingStoredName
    {
        [JsonPropertyName("ownerId")]
        public string Owner { get; set; } = string.Empty;

        public WizardStepRenamed Step { get; set; }
    }

    private enum WizardStepRenamed
    {
        Audience,

        [JsonStringEnumMemberName("Schedule")]
        Scheduling,
    }

    private sealed record RenamedWithUpgrade
    {
        public string Owner { get; set; } = string.Empty;
        public List<string> Phones { get; set; } = [];

        /// <summary>Stored as "ownerId" before the rename: read into <see cref="Owner"/>, never written.</summary>
        [JsonInclude, JsonPropertyName("ownerId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        private string? OwnerIdBefore
        {
            get => null;
            set => Owner = value ?? Owner;
        }

        /// <summary>Stored as a single "phone" before phones became a list.</summary>
        [JsonInclude, JsonPropertyName("phone"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        private string? PhoneBefore
        {
            get => null;
            set => Phones = value is null ? Phones : [value];
        }
    }
}
