using System.Text;
using Callaro.Contracts;
using Callaro.Pipeline;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Uploads;

/// <summary>
/// Duplicates whose rows sit in different chunks (10,000 rows each), judged as one file: by the chunks in file
/// order for KEEP_FIRST / BLOCK, after validation for the other policies, and again over the whole file when
/// the suppression list excludes a row that took part in a verdict.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class DuplicatesAcrossChunksTests(GrainCluster fixture)
{
    private const int Rows = 25_000;

    public static TheoryData<DuplicatePolicy, DuplicateKey, string> Expectations() => new()
    {
        { DuplicatePolicy.KeepFirst, DuplicateKey.Phone, "12011:DUPLICATE,15007:DUPLICATE,20009:DUPLICATE_IDENTIFIER,24007:DUPLICATE" },
        { DuplicatePolicy.Block, DuplicateKey.Phone, "12011:DUPLICATE,15007:DUPLICATE,20009:DUPLICATE_IDENTIFIER,24007:DUPLICATE" },
        { DuplicatePolicy.KeepFirst, DuplicateKey.Identifier, "12011:DUPLICATE,20009:DUPLICATE_IDENTIFIER" },
        { DuplicatePolicy.KeepLast, DuplicateKey.Phone, "7:DUPLICATE,9:DUPLICATE_IDENTIFIER,11:DUPLICATE,15007:DUPLICATE" },
        { DuplicatePolicy.ExcludeAll, DuplicateKey.Phone, "7:DUPLICATE,9:DUPLICATE_IDENTIFIER,11:DUPLICATE,12011:DUPLICATE,15007:DUPLICATE,20009:DUPLICATE_IDENTIFIER,24007:DUPLICATE" },
    };

    [Theory]
    [MemberData(nameof(Expectations))]
    public async Task Rows_repeated_in_later_chunks_are_judged_as_in_one_file(DuplicatePolicy policy, DuplicateKey key, string expected)
    {
        var driver = Driver("org-dup-chunks");

        var staged = await StageAsync(driver, new UploadOptionsPatch(DuplicatePolicy: policy, DuplicateKey: key));

        Assert.Equal(3, staged.Progress.ChunksTotal);
        Assert.Equal(expected, await VerdictsAsync(staged.Id));
        Assert.Equal(expected.Split(',').Length, staged.Counts!.Duplicates);
        Assert.Equal(policy == DuplicatePolicy.Block, staged.DuplicatesBlockLaunch);
        Assert.Equal(staged.Counts.TotalRows, staged.Counts.Accepted + staged.Counts.Rejected + staged.Counts.Duplicates + staged.Counts.Suppressed);
    }

    [Fact]
    public async Task A_suppressed_phone_is_suppressed_on_every_row_even_where_it_repeats()
    {
        var driver = Driver("org-dup-supp-phone");
        await SuppressAsync(driver, ContactCsv.Phone(5));

        var staged = await StageAsync(driver, null);

        Assert.Equal("7:SUPPRESSED,12011:DUPLICATE,15007:SUPPRESSED,20009:DUPLICATE_IDENTIFIER,24007:SUPPRESSED", await VerdictsAsync(staged.Id));
        Assert.Equal(3, staged.Counts!.Suppressed);
        Assert.Equal(2, staged.Counts.Duplicates);
    }

    [Fact]
    public async Task A_suppressed_first_row_of_an_identifier_leaves_its_later_row_with_another_phone_dialable()
    {
        var driver = Driver("org-dup-supp-id");
        await SuppressAsync(driver, ContactCsv.Phone(7));

        var staged = await StageAsync(driver, null);

        // Row 9 (c7) is suppressed, so row 20009 (c7 with another phone) is the identifier's first dialable row.
        Assert.Equal("9:SUPPRESSED,12011:DUPLICATE,15007:DUPLICATE,24007:DUPLICATE", await VerdictsAsync(staged.Id));
    }

    [Fact]
    public async Task A_suppressed_phone_that_repeats_nowhere_leaves_the_duplicate_verdicts_as_they_are()
    {
        var driver = Driver("org-dup-supp-single");
        await SuppressAsync(driver, ContactCsv.Phone(100));

        var staged = await StageAsync(driver, null);

        Assert.Equal("102:SUPPRESSED,12011:DUPLICATE,15007:DUPLICATE,20009:DUPLICATE_IDENTIFIER,24007:DUPLICATE", await VerdictsAsync(staged.Id));
        Assert.Equal(1, staged.Counts!.Suppressed);
        Assert.Equal(4, staged.Counts.Duplicates);
    }

    [Fact]
    public async Task Confirming_the_mapping_again_with_another_policy_judges_the_duplicates_again()
    {
        var driver = Driver("org-dup-rerun");
        var staged = await StageAsync(driver, null);

        var confirmed = await driver.Upload(staged.Id).ConfirmMappingAsync(staged.Mapping!, new UploadOptionsPatch(DuplicatePolicy: DuplicatePolicy.KeepLast), false, driver.Actor);
        Assert.True(confirmed.IsSuccess, confirmed.Fault?.Message);
        var again = await driver.SettledAsync(staged.Id);

        Assert.Equal(UploadStatus.Staged, again.Status);
        Assert.Equal("7:DUPLICATE,9:DUPLICATE_IDENTIFIER,11:DUPLICATE,15007:DUPLICATE", await VerdictsAsync(staged.Id));
    }

    private UploadDriver Driver(string org) => new(fixture.Client, new Actor(org, "sam", [Role.SalesOps, Role.Compliance]), fixture.ConnectionString);

    /// <summary>
    /// 25,000 valid contacts (row n is contact n-2) where the phone of row 7 comes back in rows 15007 and 24007,
    /// contact c7 (row 9) comes back with another phone in row 20009, and contact c9 (row 11) with its own phone in row 12011.
    /// </summary>
    private static string File()
    {
        var builder = new StringBuilder(ContactCsv.Header).Append('\n');
        for (var i = 0; i < Rows; i++)
        {
            var row = i switch
            {
                15005 or 24005 => ContactCsv.Row(i, phone: ContactCsv.Phone(5)),
                20007 => ContactCsv.Row(i, id: "c7"),
                12009 => ContactCsv.Row(i, id: "c9", phone: ContactCsv.Phone(9)),
                _ => ContactCsv.Row(i),
            };
            builder.Append(row).Append('\n');
        }

        return builder.ToString();
    }

    private static async Task<UploadView> StageAsync(UploadDriver driver, UploadOptionsPatch? options)
    {
        var received = await driver.ReceiveAsync(await driver.NewCampaignAsync(), File(), pieceBytes: 256 * 1024);
        var staged = await driver.ValidateAsync(received, options);
        Assert.Equal(UploadStatus.Staged, staged.Status);
        return staged;
    }

    private async Task SuppressAsync(UploadDriver driver, string phone) =>
        Assert.Equal(1, (await fixture.Client.GetGrain<ISuppressionGrain>(driver.Actor.OrgId).AddAsync([phone], "asked", "US", driver.Actor)).Added);

    private async Task<string?> VerdictsAsync(string uploadId) =>
        await TestDatabase.ScalarAsync<string>(
            fixture.ConnectionString,
            "SELECT string_agg(row_number || ':' || excluded, ',' ORDER BY row_number) FROM upload_contacts WHERE upload_no = (SELECT upload_no FROM upload_index WHERE upload_id = @u) AND excluded IS NOT NULL",
            ("u", uploadId));
}
