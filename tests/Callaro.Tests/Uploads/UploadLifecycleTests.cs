using System.Text;
using Callaro.Contracts;
using Callaro.Pipeline;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Uploads;

[Collection(GrainClusterCollection.Name)]
public sealed class UploadLifecycleTests(GrainCluster fixture)
{
    private UploadDriver Driver(string org = "org-up") => new(fixture.Client, new Actor(org, "sam", [Role.SalesOps, Role.Compliance]), fixture.ConnectionString);

    /// <summary>Attach the staged upload, set a schedule and outcomes, and sign off both ways: ready to launch.</summary>
    private static async Task MakeReadyAsync(UploadDriver driver, ICampaignGrain campaign, Schedule schedule)
    {
        await campaign.SaveDraftAsync(driver.Actor);
        await campaign.SetScheduleAsync(schedule, null, driver.Actor);
        await campaign.SetOutcomesAsync(new Outcomes(["connected"], null, []), null, driver.Actor);
        await campaign.SignOffAsync(SignOffRole.Owner, null, driver.Actor);
        await campaign.SignOffAsync(SignOffRole.Compliance, null, driver.Actor);
    }

    private static void AssertAddsUp(UploadCounts counts)
    {
        Assert.Equal(counts.TotalRows, counts.Accepted + counts.Rejected + counts.Duplicates + counts.Suppressed);
        Assert.Equal(counts.Rejected + counts.Duplicates + counts.Suppressed, counts.ByReason.Sum(r => r.Count));
    }

    [Fact]
    public async Task A_file_goes_from_receiving_through_mapping_and_validating_to_staged_with_counts_that_add_up()
    {
        var driver = Driver();
        var campaign = await driver.NewCampaignAsync();
        var csv = ContactCsv.Of(
            ContactCsv.Row(1),
            ContactCsv.Row(2),
            "c3,Bad,4.15E+09,,yes",
            "c4,Dup,(212) 200-0001,,yes",
            ",NoId,(212) 200-0005,,yes",
            "c6,Tz,(212) 200-0006,Mars/Olympus,yes",
            "c7,\"broken,(212) 200-0007,,yes");

        var received = await driver.ReceiveAsync(campaign, csv);
        Assert.Equal(UploadStatus.Mapping, received.Status);
        Assert.Equal(["Contact ID", "First Name", "Phone Number", "Time Zone", "Opt In"], received.Columns);
        Assert.Contains(received.SuggestedMapping, m => m is { Column: "Phone Number", Field: ContactField.Phone });
        Assert.NotNull(received.MappedAt);
        Assert.Equal(64, received.Sha256.Length);

        var staged = await driver.ValidateAsync(received);
        Assert.Equal(UploadStatus.Staged, staged.Status);
        var counts = staged.Counts!;
        Assert.Equal(7, counts.TotalRows);
        Assert.Equal(2, counts.Accepted);
        Assert.Equal(1, counts.Duplicates);
        Assert.Equal(4, counts.Rejected);
        AssertAddsUp(counts);
        Assert.Contains(counts.ByReason, r => r.Reason == RejectReason.PhonePrecisionLost);
        Assert.Contains(counts.ByReason, r => r.Reason == RejectReason.MissingIdentifier);
        Assert.Contains(counts.ByReason, r => r.Reason == RejectReason.TimezoneUnknown);
        Assert.Contains(counts.ByReason, r => r.Reason == RejectReason.MalformedRow);
        Assert.NotNull(staged.StagedAt);
        Assert.Equal(staged.Progress.ChunksTotal, staged.Progress.ChunksDone);
    }

    [Fact]
    public async Task Confirming_a_mapping_while_still_receiving_is_an_invalid_transition_that_names_the_state()
    {
        var driver = Driver();
        var campaign = await driver.NewCampaignAsync();
        var uploadId = (await driver.Campaign(campaign).StartUploadAsync(driver.Actor)).Value!;
        await driver.Upload(uploadId).BeginAsync(campaign, "x.csv", null, null, null, driver.Actor);
        var refused = await driver.Upload(uploadId).ConfirmMappingAsync([new ColumnMapping("a", ContactField.Identifier)], null, false, driver.Actor);
        Assert.Equal(ErrorCodes.InvalidTransition, refused.Fault!.Code);
        Assert.Contains("RECEIVING", refused.Fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attaching_before_staging_and_consuming_before_attaching_are_refused()
    {
        var driver = Driver();
        var campaign = await driver.NewCampaignAsync();
        var received = await driver.ReceiveAsync(campaign, ContactCsv.Valid(3));
        Assert.Equal(ErrorCodes.InvalidTransition, (await driver.Upload(received.Id).AttachAsync(campaign)).Fault!.Code);
        Assert.Equal(ErrorCodes.InvalidTransition, (await driver.Upload(received.Id).ConsumeAsync(campaign)).Fault!.Code);
        Assert.Equal(ErrorCodes.InvalidTransition, (await driver.Campaign(campaign).SaveDraftAsync(driver.Actor)).Fault!.Code);
    }

    [Fact]
    public async Task A_mapping_without_a_phone_column_is_invalid_input_naming_the_problem()
    {
        var driver = Driver();
        var campaign = await driver.NewCampaignAsync();
        var received = await driver.ReceiveAsync(campaign, ContactCsv.Valid(2));
        var refused = await driver.Upload(received.Id).ConfirmMappingAsync([new ColumnMapping("Contact ID", ContactField.Identifier)], null, false, driver.Actor);
        Assert.Equal(ErrorCodes.InvalidInput, refused.Fault!.Code);
        Assert.Contains("PHONE", refused.Fault.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DuplicatePolicy.KeepFirst, 3, 2, new long[] { 3, 5 })]
    [InlineData(DuplicatePolicy.KeepLast, 3, 2, new long[] { 2, 3 })]
    [InlineData(DuplicatePolicy.ExcludeAll, 2, 3, new long[] { 2, 3, 5 })]
    [InlineData(DuplicatePolicy.Block, 3, 2, new long[] { 3, 5 })]
    public async Task Each_duplicate_policy_excludes_the_rows_it_says(DuplicatePolicy policy, long accepted, long duplicates, long[] excludedRows)
    {
        var driver = Driver();
        var campaign = await driver.NewCampaignAsync();
        // rows 2, 3, 5 share one phone; 4 and 6 are distinct.
        var csv = ContactCsv.Of(ContactCsv.Row(1, "a"), ContactCsv.Row(1, "b"), ContactCsv.Row(2, "c"), ContactCsv.Row(1, "d"), ContactCsv.Row(3, "e"));
        var staged = await driver.ValidateAsync(await driver.ReceiveAsync(campaign, csv), new UploadOptionsPatch(DuplicatePolicy: policy));

        Assert.Equal(accepted, staged.Counts!.Accepted);
        Assert.Equal(duplicates, staged.Counts.Duplicates);
        AssertAddsUp(staged.Counts);
        Assert.Equal(policy == DuplicatePolicy.Block, staged.DuplicatesBlockLaunch);
        var excluded = await ExcludedRowsAsync(staged.Id);
        Assert.Equal(excludedRows, excluded.Keys.Order().ToArray());
        Assert.All(excluded.Values, reason => Assert.Equal("DUPLICATE", reason));
    }

    [Fact]
    public async Task One_identifier_with_two_phones_is_a_duplicate_identifier()
    {
        var driver = Driver();
        var campaign = await driver.NewCampaignAsync();
        var csv = ContactCsv.Of(ContactCsv.Row(1, "same"), ContactCsv.Row(2, "same"), ContactCsv.Row(3, "other"));
        var staged = await driver.ValidateAsync(await driver.ReceiveAsync(campaign, csv));
        Assert.Equal(2, staged.Counts!.Accepted);
        Assert.Contains(staged.Counts.ByReason, r => r is { Reason: RejectReason.DuplicateIdentifier, Count: 1 });
        Assert.Equal("DUPLICATE_IDENTIFIER", (await ExcludedRowsAsync(staged.Id))[3]);
    }

    [Fact]
    public async Task With_identifier_as_key_a_repeat_with_the_same_phone_is_a_duplicate_and_with_another_phone_a_duplicate_identifier()
    {
        var driver = Driver();
        var campaign = await driver.NewCampaignAsync();
        var csv = ContactCsv.Of(ContactCsv.Row(1, "x"), ContactCsv.Row(1, "x"), ContactCsv.Row(2, "x"), ContactCsv.Row(1, "y"));
        var staged = await driver.ValidateAsync(await driver.ReceiveAsync(campaign, csv), new UploadOptionsPatch(DuplicateKey: DuplicateKey.Identifier));
        var excluded = await ExcludedRowsAsync(staged.Id);
        Assert.Equal("DUPLICATE", excluded[3]);
        Assert.Equal("DUPLICATE_IDENTIFIER", excluded[4]);
        Assert.False(excluded.ContainsKey(5));
        Assert.Equal(2, staged.Counts!.Accepted);
    }

    [Fact]
    public async Task Requiring_consent_excludes_rows_without_an_affirmative_one_as_suppressed()
    {
        var driver = Driver();
        var campaign = await driver.NewCampaignAsync();
        var csv = ContactCsv.Of("a,A,(212) 200-0001,,yes", "b,B,(212) 200-0002,,no", "c,C,(212) 200-0003,,");
        var staged = await driver.ValidateAsync(await driver.ReceiveAsync(campaign, csv), new UploadOptionsPatch(RequireConsent: true));
        Assert.Equal(1, staged.Counts!.Accepted);
        Assert.Equal(2, staged.Counts.Suppressed);
        Assert.Contains(staged.Counts.ByReason, r => r is { Reason: RejectReason.NoConsent, Count: 2 });
    }

    [Fact]
    public async Task Phones_on_the_suppression_list_are_excluded_at_staging_and_later_additions_are_caught_at_attach()
    {
        var driver = Driver("org-supp");
        var suppression = fixture.Client.GetGrain<ISuppressionGrain>(driver.Actor.OrgId);
        await suppression.AddAsync([ContactCsv.Phone(1)], "asked not to be called", "US", driver.Actor);

        var campaign = await driver.NewCampaignAsync();
        var staged = await driver.ValidateAsync(await driver.ReceiveAsync(campaign, ContactCsv.Valid(5)));
        Assert.Equal(1, staged.Counts!.Suppressed);
        Assert.Equal(4, staged.Counts.Accepted);

        var added = await suppression.AddAsync([ContactCsv.E164(2), "not a phone"], "complaint", "US", driver.Actor);
        Assert.Equal(1, added.Added);
        Assert.Equal(["not a phone"], added.Invalid);

        var attached = (await driver.Campaign(campaign).SaveDraftAsync(driver.Actor)).Value!;
        var counts = attached.Audience.Upload!.Counts!;
        Assert.Equal(3, counts.Accepted);
        Assert.Equal(2, counts.Suppressed);
        Assert.Equal(1, counts.SuppressedSinceStaging);
        AssertAddsUp(counts);

        // Saving the draft again looks again, as the first save did.
        await suppression.AddAsync([ContactCsv.E164(3)], "complaint", "US", driver.Actor);
        var saved = (await driver.Campaign(campaign).SaveDraftAsync(driver.Actor)).Value!.Audience.Upload!.Counts!;
        Assert.Equal(2, saved.Accepted);
        Assert.Equal(2, saved.SuppressedSinceStaging);
        AssertAddsUp(saved);
    }

    [Fact]
    public async Task A_suppression_list_belongs_to_one_org_only()
    {
        var a = Driver("org-iso-a");
        var b = Driver("org-iso-b");
        await fixture.Client.GetGrain<ISuppressionGrain>(a.Actor.OrgId).AddAsync([ContactCsv.Phone(1)], null, "US", a.Actor);
        var staged = await b.ValidateAsync(await b.ReceiveAsync(await b.NewCampaignAsync(), ContactCsv.Valid(3)));
        Assert.Equal(0, staged.Counts!.Suppressed);
    }

    [Fact]
    public async Task Another_orgs_upload_is_not_found_and_its_rows_stay_its_own()
    {
        var a = Driver("org-rows-a");
        var b = Driver("org-rows-b");
        var staged = await a.ValidateAsync(await a.ReceiveAsync(await a.NewCampaignAsync(), ContactCsv.Valid(3)));
        Assert.Null(await b.Upload(staged.Id).GetAsync());
        var foreign = await TestDatabase.ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM upload_contacts c JOIN upload_index i ON i.upload_no = c.upload_no WHERE i.upload_id = @u AND i.org_id <> @o", ("u", staged.Id), ("o", a.Actor.OrgId));
        Assert.Equal(0, foreign);
        var own = await TestDatabase.ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM upload_contacts c JOIN upload_index i ON i.upload_no = c.upload_no WHERE i.upload_id = @u AND i.org_id = @o", ("u", staged.Id), ("o", a.Actor.OrgId));
        Assert.Equal(3, own);
    }

    [Fact]
    public async Task Re_running_a_chunk_never_doubles_its_rows()
    {
        var driver = Driver();
        var staged = await driver.ValidateAsync(await driver.ReceiveAsync(await driver.NewCampaignAsync(), ContactCsv.Valid(20)));
        var uploadNo = await TestDatabase.ScalarAsync<long>(fixture.ConnectionString, "SELECT upload_no FROM upload_index WHERE upload_id = @u", ("u", staged.Id));
        var job = new ChunkJob(driver.Actor.OrgId, staged.Id, 0, staged.ValidationRun, ',', staged.Columns, staged.Mapping!, "US", false, UploadNo: uploadNo);
        var chunk = fixture.Client.GetGrain<IContactChunkGrain>($"{driver.Actor.OrgId}/{staged.Id}/0");
        await chunk.ValidateAsync(job);
        await chunk.ValidateAsync(job);
        var rows = await TestDatabase.ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM upload_contacts WHERE upload_no = (SELECT upload_no FROM upload_index WHERE upload_id = @u)", ("u", staged.Id));
        Assert.Equal(20, rows);
    }

    [Fact]
    public async Task A_chunk_the_database_refuses_ends_the_upload_in_error_with_what_the_database_said()
    {
        // A rule only this test's contact breaks, so the chunk's COPY fails on every attempt.
        await TestDatabase.ScalarAsync<int>(
            fixture.ConnectionString,
            "ALTER TABLE upload_contacts DROP CONSTRAINT IF EXISTS test_refuses_zed; ALTER TABLE upload_contacts ADD CONSTRAINT test_refuses_zed CHECK (identifier <> 'refuse-zed') NOT VALID");
        var driver = Driver("org-refused");
        var csv = "Contact ID,Phone Number\nrefuse-zed,(212) 200-0001\n";
        var settled = await driver.ValidateAsync(await driver.ReceiveAsync(await driver.NewCampaignAsync(), csv));

        Assert.Equal(UploadStatus.Error, settled.Status);
        Assert.Contains("the database refused chunk 0", settled.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("test_refuses_zed", settled.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("codec", settled.Error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Chunks_are_cut_by_row_count_and_all_validated()
    {
        var driver = Driver();
        var received = await driver.ReceiveAsync(await driver.NewCampaignAsync(), ContactCsv.Valid(25_000), pieceBytes: 7_777);
        var staged = await driver.ValidateAsync(received);
        Assert.Equal(3, staged.Progress.ChunksTotal);
        Assert.Equal(25_000, staged.Counts!.Accepted);
        Assert.Equal(25_000, staged.Progress.RowsValidated);
    }

    [Fact]
    public async Task Launching_twice_creates_one_set_of_dial_tasks_and_consumes_the_upload()
    {
        var driver = Driver("org-launch");
        var campaignId = await driver.NewCampaignAsync();
        var campaign = driver.Campaign(campaignId);
        var staged = await driver.ValidateAsync(await driver.ReceiveAsync(campaignId, ContactCsv.Valid(7)));
        await MakeReadyAsync(driver, campaign, new Schedule(ScheduleMode.ContactLocal, null, "09:00", "17:00", [DayOfWeek.Monday], "2099-01-05"));

        var first = await campaign.LaunchAsync(driver.Actor);
        Assert.True(first.IsSuccess, first.Fault?.Message);
        Assert.Equal(CampaignStatus.Launched, first.Value!.Status);
        Assert.Equal(7, first.Value.TaskCount);
        Assert.Equal(UploadStatus.Consumed, (await driver.Upload(staged.Id).GetAsync())!.Status);

        var second = await campaign.LaunchAsync(driver.Actor);
        Assert.Equal(7, second.Value!.TaskCount);
        var tasks = await TestDatabase.ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM dial_tasks WHERE org_id = @o AND campaign_id = @c", ("o", driver.Actor.OrgId), ("c", campaignId));
        Assert.Equal(7, tasks);

        Assert.Equal(ErrorCodes.InvalidTransition, (await driver.Upload(staged.Id).ConfirmMappingAsync(staged.Mapping!, null, false, driver.Actor)).Fault!.Code);
    }

    [Fact]
    public async Task A_launch_whose_tasks_committed_before_its_silo_died_is_finished_not_answered_as_a_draft()
    {
        var driver = Driver("org-launch-crash");
        var campaignId = await driver.NewCampaignAsync();
        var campaign = driver.Campaign(campaignId);
        var staged = await driver.ValidateAsync(await driver.ReceiveAsync(campaignId, ContactCsv.Valid(5)));
        await MakeReadyAsync(driver, campaign, new Schedule(ScheduleMode.ContactLocal, null, "09:00", "17:00", [DayOfWeek.Monday], "2099-01-05"));

        // The launch transaction commits, then the silo dies before the grains hear of it.
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString))
        {
            Assert.Equal(5, await new Callaro.Grains.Storage.LaunchStore(dataSource).LaunchAsync(driver.Actor.OrgId, campaignId, staged.Id, DateTimeOffset.UtcNow));
        }

        await campaign.Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();

        // The next activation finishes that launch: no new file can be slipped under the launched tasks, which a
        // later launch would otherwise have answered with.
        Assert.Equal(ErrorCodes.InvalidTransition, (await campaign.StartUploadAsync(driver.Actor)).Fault!.Code);
        var launched = await campaign.LaunchAsync(driver.Actor);
        Assert.True(launched.IsSuccess, launched.Fault?.Message);
        Assert.Equal(CampaignStatus.Launched, launched.Value!.Status);
        Assert.Equal(5, launched.Value.TaskCount);
        Assert.Equal(UploadStatus.Consumed, (await driver.Upload(staged.Id).GetAsync())!.Status);
        Assert.Equal(5, await TestDatabase.ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM dial_tasks WHERE org_id = @o AND campaign_id = @c", ("o", driver.Actor.OrgId), ("c", campaignId)));
    }

    [Fact]
    public async Task A_phone_extension_travels_from_the_file_into_the_dial_task()
    {
        var driver = Driver("org-launch-ext");
        var campaignId = await driver.NewCampaignAsync();
        var campaign = driver.Campaign(campaignId);
        await driver.ValidateAsync(await driver.ReceiveAsync(campaignId, ContactCsv.Of(ContactCsv.Row(1, phone: "(212) 555-0101 x123"), ContactCsv.Row(2))));
        await MakeReadyAsync(driver, campaign, new Schedule(ScheduleMode.ContactLocal, null, "09:00", "17:00", [DayOfWeek.Monday], "2099-01-05"));

        var launched = await campaign.LaunchAsync(driver.Actor);
        Assert.True(launched.IsSuccess, launched.Fault?.Message);
        var tasks = await Callaro.Tests.DirectoryTests.Sql.StringsAsync(
            fixture.ConnectionString,
            "SELECT identifier || ' ' || phone || ' ' || coalesce(phone_ext, '-') FROM dial_tasks WHERE org_id = @o AND campaign_id = @c ORDER BY task_no",
            ("o", driver.Actor.OrgId),
            ("c", campaignId));
        Assert.Equal(["c1 +12125550101 123", $"c2 {ContactCsv.E164(2)} -"], tasks);
    }

    [Fact]
    public async Task Launch_is_refused_as_not_ready_with_every_failed_check_listed()
    {
        var driver = Driver();
        var campaignId = await driver.NewCampaignAsync();
        await driver.ValidateAsync(await driver.ReceiveAsync(campaignId, ContactCsv.Valid(2)));
        var refused = await driver.Campaign(campaignId).LaunchAsync(driver.Actor);
        Assert.Equal(ErrorCodes.NotReady, refused.Fault!.Code);
        Assert.Contains("upload.attached", refused.Fault.Message, StringComparison.Ordinal);
        Assert.Contains("schedule.set", refused.Fault.Message, StringComparison.Ordinal);
        Assert.Contains("signoff.compliance", refused.Fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Phones_already_dialled_in_another_launched_campaign_are_excluded_when_asked()
    {
        var driver = Driver("org-active");
        var first = await driver.NewCampaignAsync("First");
        await driver.ValidateAsync(await driver.ReceiveAsync(first, ContactCsv.Valid(3)));
        var campaign = driver.Campaign(first);
        await MakeReadyAsync(driver, campaign, new Schedule(ScheduleMode.FixedTimezone, "America/New_York", "09:00", "17:00", [DayOfWeek.Monday], "2099-01-05"));
        Assert.True((await campaign.LaunchAsync(driver.Actor)).IsSuccess);

        var second = await driver.NewCampaignAsync("Second");
        var staged = await driver.ValidateAsync(await driver.ReceiveAsync(second, ContactCsv.Valid(5)), new UploadOptionsPatch(CheckActiveCampaigns: true));
        Assert.Equal(2, staged.Counts!.Accepted);
        Assert.Contains(staged.Counts.ByReason, r => r is { Reason: RejectReason.ActiveInOtherCampaign, Count: 3 });
    }

    [Fact]
    public async Task The_same_file_uploaded_again_says_where_it_was_loaded_before()
    {
        var driver = Driver("org-same");
        var first = await driver.NewCampaignAsync("Earlier");
        var csv = ContactCsv.Valid(4, offset: 500);
        var earlier = await driver.ReceiveAsync(first, csv);
        var again = await driver.ReceiveAsync(await driver.NewCampaignAsync("Later"), csv);
        Assert.Equal(earlier.Id, again.SameFileAs!.UploadId);
        Assert.Equal(first, again.SameFileAs.CampaignId);
        Assert.Equal("Earlier", again.SameFileAs.CampaignName);
    }

    [Fact]
    public async Task A_confirmed_mapping_is_remembered_for_the_next_file_with_the_same_headers()
    {
        var driver = Driver("org-memory");
        var csv = "Ref,Mobile,Zone\nr1,(212) 200-0001,EST\n";
        var first = await driver.ReceiveAsync(await driver.NewCampaignAsync(), csv);
        var chosen = new List<ColumnMapping> { new("Ref", ContactField.Identifier), new("Mobile", ContactField.Phone) };
        await driver.ValidateAsync(first, mapping: chosen);

        var second = await driver.ReceiveAsync(await driver.NewCampaignAsync(), "Ref,Mobile,Zone\nr9,(212) 200-0009,PST\n");
        Assert.True(second.MappingFromMemory);
        Assert.Equal(["Ref", "Mobile", "Zone"], second.SuggestedMapping.Select(m => m.Column));
        Assert.Equal(ContactField.Ignore, second.SuggestedMapping.Single(m => m.Column == "Zone").Field);
        Assert.All(second.SuggestedMapping, m => Assert.Equal(1.0, m.Confidence));
    }

    [Fact]
    public async Task A_spreadsheet_workbook_is_refused_as_unsupported_and_the_upload_goes_to_error()
    {
        var driver = Driver();
        var bytes = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00 }.Concat(new byte[2000]).ToArray();
        var view = await driver.ReceiveAsync(await driver.NewCampaignAsync(), bytes);
        Assert.Equal(UploadStatus.Error, view.Status);
        Assert.Equal(ErrorCodes.UnsupportedFile, view.Error!.Code);
        Assert.Contains("CSV", view.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declared_size_over_the_limit_is_refused_before_reading_anything()
    {
        var driver = Driver();
        var campaign = await driver.NewCampaignAsync();
        var uploadId = (await driver.Campaign(campaign).StartUploadAsync(driver.Actor)).Value!;
        var refused = await driver.Upload(uploadId).BeginAsync(campaign, "huge.csv", null, 5L << 30, null, driver.Actor);
        Assert.Equal(ErrorCodes.UploadTooLarge, refused.Fault!.Code);
        Assert.Equal(UploadStatus.Error, await driver.StatusAsync(uploadId));
    }

    [Fact]
    public async Task A_new_upload_supersedes_the_previous_one_which_stays_in_the_history()
    {
        var driver = Driver();
        var campaignId = await driver.NewCampaignAsync();
        var first = await driver.ValidateAsync(await driver.ReceiveAsync(campaignId, ContactCsv.Valid(2)));
        var second = await driver.ReceiveAsync(campaignId, ContactCsv.Valid(3, offset: 10));
        Assert.Equal(UploadStatus.Superseded, await driver.StatusAsync(first.Id));
        var campaign = (await driver.Campaign(campaignId).GetAsync())!;
        Assert.Equal(second.Id, campaign.Audience.UploadId);
        Assert.Equal([first.Id], campaign.Audience.UploadHistory);
    }

    [Fact]
    public async Task Confirming_another_mapping_on_a_staged_upload_validates_it_again()
    {
        var driver = Driver();
        var staged = await driver.ValidateAsync(await driver.ReceiveAsync(await driver.NewCampaignAsync(), ContactCsv.Of(ContactCsv.Row(1), "c2,X,(212) 200-0002,,yes")));
        Assert.Equal(2, staged.Counts!.Accepted);
        var again = await driver.ValidateAsync(staged, requireTimezone: true, mapping: staged.Mapping);
        Assert.Equal(2, again.ValidationRun);
        Assert.Equal(2, again.Counts!.Accepted + again.Counts.Rejected);
    }

    [Fact]
    public async Task Accents_empty_cells_and_custom_attributes_reach_postgresql_unchanged()
    {
        var driver = Driver();
        var csv = "Contact ID,First Name,Phone Number,Region,Company\n\"ü-1\",Zoë 🚀,(212) 200-0001,Nord,\n";
        var received = await driver.ReceiveAsync(await driver.NewCampaignAsync(), csv);
        var mapping = new List<ColumnMapping>
        {
            new("Contact ID", ContactField.Identifier), new("First Name", ContactField.FirstName), new("Phone Number", ContactField.Phone),
            new("Region", ContactField.Custom, "region"), new("Company", ContactField.Company),
        };
        var staged = await driver.ValidateAsync(received, mapping: mapping);
        Assert.Equal(1, staged.Counts!.Accepted);

        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT identifier, first_name, phone, company, custom->>'region', chunk_no, row_number, consent, warning_flags FROM upload_contacts WHERE upload_no = (SELECT upload_no FROM upload_index WHERE upload_id = @u)", connection);
        command.Parameters.AddWithValue("u", staged.Id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("ü-1", reader.GetString(0));
        Assert.Equal("Zoë 🚀", reader.GetString(1));
        Assert.Equal("+12122000001", reader.GetString(2));
        Assert.True(reader.IsDBNull(3));
        Assert.Equal("Nord", reader.GetString(4));
        Assert.Equal(0, reader.GetInt32(5));
        Assert.Equal(2, reader.GetInt64(6));
        Assert.Equal((short)Consent.Unknown, reader.GetInt16(7));
        Assert.NotEqual(0, reader.GetInt16(8));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task A_header_only_file_stages_with_no_rows_and_says_there_is_nobody_to_call()
    {
        var driver = Driver();
        var campaignId = await driver.NewCampaignAsync();
        var received = await driver.ReceiveAsync(campaignId, ContactCsv.Header + "\n");
        Assert.Equal(UploadStatus.Mapping, received.Status);
        Assert.Contains(received.Notes, n => n.Contains("no data rows", StringComparison.Ordinal));
        var staged = await driver.ValidateAsync(received);
        Assert.Equal(UploadStatus.Staged, staged.Status);
        Assert.Equal(0, staged.Counts!.TotalRows);
        var campaign = (await driver.Campaign(campaignId).GetAsync())!;
        Assert.False(campaign.Readiness.Checks.Single(c => c.Key == "audience.nonempty").Passed);
    }

    [Fact]
    public async Task A_file_whose_windows_1252_accents_start_after_an_ascii_head_is_read_as_windows_1252_and_says_so()
    {
        var driver = Driver();
        var campaignId = await driver.NewCampaignAsync();
        var text = ContactCsv.Valid(2_000) + $"c-accent,Renée,{ContactCsv.Phone(5_000)},America/New_York,yes\n";
        var received = await driver.ReceiveAsync(campaignId, System.Text.Encoding.Latin1.GetBytes(text));

        Assert.Equal("windows-1252", received.Encoding);
        Assert.Contains(received.Notes, n => n.Contains("read as windows-1252", StringComparison.Ordinal));
        var staged = await driver.ValidateAsync(received);
        Assert.Equal(2_001, staged.Counts!.Accepted);
        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT first_name FROM upload_contacts WHERE identifier = 'c-accent' AND upload_no = (SELECT upload_no FROM upload_index WHERE upload_id = @u)", connection);
        command.Parameters.AddWithValue("u", staged.Id);
        Assert.Equal("Renée", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_cancelled_campaign_takes_no_upload()
    {
        var driver = Driver();
        var campaignId = await driver.NewCampaignAsync();
        await driver.Campaign(campaignId).CancelAsync(driver.Actor);
        Assert.Equal(ErrorCodes.InvalidTransition, (await driver.Campaign(campaignId).StartUploadAsync(driver.Actor)).Fault!.Code);
    }

    [Fact]
    public async Task The_preview_shows_normalised_cells_and_issues_from_the_real_validator()
    {
        var driver = Driver();
        var received = await driver.ReceiveAsync(await driver.NewCampaignAsync(), ContactCsv.Of("a,Ann,(415) 555-0132,pst,yes", "b,Bo,4.15E+09,,no"));
        var preview = await driver.Upload(received.Id).GetPreviewAsync(20);
        Assert.Equal(2, preview.Count);
        Assert.Equal(2, preview[0].RowNumber);
        Assert.Equal("+14155550132", preview[0].Cells.Single(c => c.Column == "Phone Number").Normalized);
        Assert.Equal("America/Los_Angeles", preview[0].Cells.Single(c => c.Column == "Time Zone").Normalized);
        Assert.Contains(preview[1].Issues, i => i is { Code: RejectReason.PhonePrecisionLost, Severity: Severity.Error });
    }

    private async Task<Dictionary<long, string>> ExcludedRowsAsync(string uploadId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT row_number, excluded FROM upload_contacts WHERE upload_no = (SELECT upload_no FROM upload_index WHERE upload_id = @u) AND excluded IS NOT NULL", connection);
        command.Parameters.AddWithValue("u", uploadId);
        var result = new Dictionary<long, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetInt64(0)] = reader.GetString(1);
        }

        return result;
    }
}
