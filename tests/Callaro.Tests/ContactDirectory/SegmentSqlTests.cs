using Callaro.Contracts;
using Callaro.Grains.ContactDirectory;
using Callaro.Tests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Callaro.Tests.DirectoryTests;

/// <summary>A fresh database whose org contact directory holds a few hand-made contacts in two orgs.</summary>
public sealed class SegmentSqlDatabase : IAsyncLifetime
{
    public const string OrgA = "org-seg-a";
    public const string OrgB = "org-seg-b";

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync("segsql");
        // consent: 0 UNKNOWN, 1 GRANTED, 2 REFUSED (the pipeline's Consent codes).
        await InsertAsync(OrgA, "alice", "+14155550101", "America/Los_Angeles", "Acme", 1, "US", """{"region":"West","tier":"gold"}""");
        await InsertAsync(OrgA, "bob", "+12125550102", "America/New_York", " ACME ", 0, "us", """{"region":" east "}""");
        await InsertAsync(OrgA, "carol", "+442079460103", "Europe/London", "Beta Ltd", 2, "GB", """{"tier":""}""");
        await InsertAsync(OrgA, "dave", "+14155550104", null, null, 0, null, null);
        await InsertAsync(OrgA, "erin", "+33142680105", "europe/paris", "   ", 1, "FR", """{"region":"WEST","score":5}""");
        await InsertAsync(OrgA, "frank", "+12125550106", " America/New_York ", "Acme Corp", 1, "US", "{}");
        await InsertAsync(OrgA, "gina", "+4414155550107", "Europe/London", "acme", 2, "", """{"region":""}""");
        // Org B has an "alice" too, and more Acme people: none of them may show up in org A's answers.
        await InsertAsync(OrgB, "alice", "+14155550101", "America/Los_Angeles", "Acme", 1, "US", """{"region":"West","tier":"gold"}""");
        await InsertAsync(OrgB, "zed", "+14155550199", "America/Los_Angeles", "ACME", 1, "US", """{"region":"west"}""");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The identifiers of an org's contacts matching the conditions, through <see cref="SegmentSql.Where"/>.</summary>
    public async Task<IReadOnlyList<string>> MembersAsync(string orgId, IReadOnlyList<SegmentCondition> conditions)
    {
        var parameters = new List<NpgsqlParameter>();
        var where = SegmentSql.Where(conditions, "c", parameters);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT identifier FROM org_contacts c WHERE c.org_id = @o AND {where} ORDER BY identifier", connection);
        command.Parameters.AddWithValue("o", orgId);
        command.Parameters.AddRange(parameters.ToArray());
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task InsertAsync(string org, string id, string phone, string? timezone, string? company, short consent, string? country, string? custom)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO org_contacts (org_id, identifier, phone, timezone, company, consent, country, custom, first_seen_at, updated_at, last_upload_id)
            VALUES (@o, @id, @phone, @tz, @company, @consent, @country, @custom, now(), now(), 'upl_seed')
            """,
            connection);
        insert.Parameters.AddWithValue("o", org);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("phone", phone);
        insert.Parameters.Add(new NpgsqlParameter("tz", NpgsqlDbType.Text) { Value = (object?)timezone ?? DBNull.Value });
        insert.Parameters.Add(new NpgsqlParameter("company", NpgsqlDbType.Text) { Value = (object?)company ?? DBNull.Value });
        insert.Parameters.AddWithValue("consent", consent);
        insert.Parameters.Add(new NpgsqlParameter("country", NpgsqlDbType.Text) { Value = (object?)country ?? DBNull.Value });
        insert.Parameters.Add(new NpgsqlParameter("custom", NpgsqlDbType.Jsonb) { Value = (object?)custom ?? DBNull.Value });
        await insert.ExecuteNonQueryAsync();
    }
}

public sealed class SegmentSqlTests(SegmentSqlDatabase db) : IClassFixture<SegmentSqlDatabase>
{
    private static SegmentCondition C(SegmentField field, SegmentOperator op, params string[] values) => new(field, op, null, values);

    private static SegmentCondition Custom(string key, SegmentOperator op, params string[] values) => new(SegmentField.Custom, op, key, values);

    /// <summary>Org A's members, with the conditions normalised first, as the segment grain stores them.</summary>
    private async Task<IReadOnlyList<string>> Members(params SegmentCondition[] conditions)
    {
        var normalized = SegmentRules.Normalize(conditions);
        Assert.True(normalized.IsSuccess, normalized.Fault?.Message);
        return await db.MembersAsync(SegmentSqlDatabase.OrgA, normalized.Value!);
    }

    [Fact]
    public async Task Country_equals_matches_whatever_case_the_file_used()
    {
        Assert.Equal(["alice", "bob", "frank"], await Members(C(SegmentField.Country, SegmentOperator.Equals, "us")));
    }

    [Fact]
    public async Task Country_in_matches_any_of_its_values()
    {
        Assert.Equal(["carol", "erin"], await Members(C(SegmentField.Country, SegmentOperator.In, "GB", "fr", "DE")));
    }

    [Fact]
    public async Task Country_exists_skips_contacts_without_one_or_with_an_empty_one()
    {
        Assert.Equal(["alice", "bob", "carol", "erin", "frank"], await Members(C(SegmentField.Country, SegmentOperator.Exists)));
    }

    [Fact]
    public async Task Timezone_equals_ignores_case_and_surrounding_spaces()
    {
        Assert.Equal(["bob", "frank"], await Members(C(SegmentField.Timezone, SegmentOperator.Equals, "america/new_york")));
    }

    [Fact]
    public async Task Timezone_in_matches_any_of_its_zones()
    {
        Assert.Equal(["carol", "erin", "gina"], await Members(C(SegmentField.Timezone, SegmentOperator.In, "Europe/London", "Europe/Paris")));
    }

    [Fact]
    public async Task Timezone_exists_skips_contacts_without_one()
    {
        Assert.Equal(["alice", "bob", "carol", "erin", "frank", "gina"], await Members(C(SegmentField.Timezone, SegmentOperator.Exists)));
    }

    [Fact]
    public async Task Company_equals_matches_the_whole_name_ignoring_case_and_spaces_but_not_longer_names()
    {
        Assert.Equal(["alice", "bob", "gina"], await Members(C(SegmentField.Company, SegmentOperator.Equals, "ACME")));
    }

    [Fact]
    public async Task Company_in_matches_any_of_its_names()
    {
        Assert.Equal(["carol", "frank"], await Members(C(SegmentField.Company, SegmentOperator.In, "acme corp", "BETA LTD")));
    }

    [Fact]
    public async Task Company_exists_treats_a_blank_company_as_none()
    {
        Assert.Equal(["alice", "bob", "carol", "frank", "gina"], await Members(C(SegmentField.Company, SegmentOperator.Exists)));
    }

    [Fact]
    public async Task Consent_equals_granted_matches_only_granted_contacts()
    {
        Assert.Equal(["alice", "erin", "frank"], await Members(C(SegmentField.Consent, SegmentOperator.Equals, "granted")));
    }

    [Fact]
    public async Task Consent_in_refused_or_unknown_matches_everyone_without_a_granted_consent()
    {
        Assert.Equal(["bob", "carol", "dave", "gina"], await Members(C(SegmentField.Consent, SegmentOperator.In, "REFUSED", "unknown")));
    }

    [Fact]
    public async Task Custom_equals_reads_the_attribute_under_its_key_ignoring_case()
    {
        Assert.Equal(["alice", "erin"], await Members(Custom("region", SegmentOperator.Equals, "west")));
    }

    [Fact]
    public async Task Custom_in_trims_the_stored_value_before_comparing()
    {
        Assert.Equal(["bob"], await Members(Custom("region", SegmentOperator.In, "East", "North")));
    }

    [Fact]
    public async Task Custom_exists_skips_missing_keys_empty_values_and_contacts_without_custom_attributes()
    {
        Assert.Equal(["alice"], await Members(Custom("tier", SegmentOperator.Exists)));
        Assert.Equal(["alice", "bob", "erin"], await Members(Custom("region", SegmentOperator.Exists)));
    }

    [Fact]
    public async Task Custom_compares_a_numeric_json_value_as_its_text()
    {
        Assert.Equal(["erin"], await Members(Custom("score", SegmentOperator.Equals, "5")));
    }

    [Fact]
    public async Task Custom_keys_are_exact_so_another_spelling_of_the_key_matches_nobody()
    {
        Assert.Empty(await Members(Custom("Region", SegmentOperator.Exists)));
    }

    [Fact]
    public async Task Phone_prefix_equals_matches_numbers_starting_with_the_prefix()
    {
        Assert.Equal(["alice", "dave"], await Members(C(SegmentField.PhonePrefix, SegmentOperator.Equals, "+1415")));
    }

    [Fact]
    public async Task Phone_prefix_in_matches_any_prefix_and_a_prefix_is_not_a_substring_match()
    {
        // gina's number is +44 1415…: it contains 1415 but starts with +44.
        Assert.Equal(["carol", "erin", "gina"], await Members(C(SegmentField.PhonePrefix, SegmentOperator.In, "+44", "+33")));
        Assert.Equal(["alice", "dave"], await Members(C(SegmentField.PhonePrefix, SegmentOperator.In, "+1415")));
    }

    [Fact]
    public async Task Conditions_are_combined_with_and()
    {
        Assert.Equal(
            ["alice"],
            await Members(
                C(SegmentField.Country, SegmentOperator.Equals, "US"),
                C(SegmentField.Company, SegmentOperator.Equals, "acme"),
                C(SegmentField.Consent, SegmentOperator.Equals, "GRANTED")));
        Assert.Equal(
            ["bob", "frank"],
            await Members(C(SegmentField.PhonePrefix, SegmentOperator.In, "+1212"), C(SegmentField.Timezone, SegmentOperator.Exists)));
        Assert.Empty(await Members(C(SegmentField.Country, SegmentOperator.Equals, "GB"), C(SegmentField.Consent, SegmentOperator.Equals, "GRANTED")));
    }

    [Fact]
    public async Task Conditions_that_were_not_normalised_still_compare_ignoring_case_and_spaces()
    {
        IReadOnlyList<SegmentCondition> raw = [C(SegmentField.Company, SegmentOperator.In, " aCmE ", "BETA ltd  ")];
        Assert.Equal(["alice", "bob", "carol", "gina"], await db.MembersAsync(SegmentSqlDatabase.OrgA, raw));
    }

    [Fact]
    public async Task Every_value_is_a_parameter_so_quotes_and_sql_in_values_match_literally()
    {
        Assert.Empty(await Members(C(SegmentField.Company, SegmentOperator.Equals, "x' OR '1'='1")));
        Assert.Empty(await Members(Custom("region') OR TRUE OR ('", SegmentOperator.Exists)));
    }

    [Fact]
    public async Task The_same_conditions_in_another_org_see_only_that_orgs_contacts()
    {
        var acme = SegmentRules.Normalize([C(SegmentField.Company, SegmentOperator.Equals, "acme"), C(SegmentField.Country, SegmentOperator.Equals, "us")]).Value!;
        Assert.Equal(["alice", "bob"], await db.MembersAsync(SegmentSqlDatabase.OrgA, acme));
        Assert.Equal(["alice", "zed"], await db.MembersAsync(SegmentSqlDatabase.OrgB, acme));
        Assert.Empty(await db.MembersAsync("org-seg-nobody", acme));
    }

    [Fact]
    public void Every_condition_adds_its_own_parameters_and_no_conditions_is_true()
    {
        var parameters = new List<NpgsqlParameter>();
        Assert.Equal("TRUE", SegmentSql.Where([], "c", parameters));
        Assert.Empty(parameters);

        var where = SegmentSql.Where(
            [C(SegmentField.Company, SegmentOperator.Equals, "Acme"), Custom("region", SegmentOperator.In, "West")], "x", parameters);
        Assert.Equal(3, parameters.Count);
        Assert.Equal(parameters.Count, parameters.Select(p => p.ParameterName).Distinct().Count());
        Assert.Contains("x.company", where, StringComparison.Ordinal);
        Assert.DoesNotContain("Acme", where, StringComparison.OrdinalIgnoreCase);
    }
}
