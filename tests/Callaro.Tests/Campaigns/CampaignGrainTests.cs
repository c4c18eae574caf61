using Callaro.Contracts;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Campaigns;

[Collection(GrainClusterCollection.Name)]
public sealed class CampaignGrainTests(GrainCluster fixture)
{
    private static readonly Actor Owner = new("org-1", "owen", [Role.SalesOps]);
    private static readonly Actor Compliance = new("org-1", "cora", [Role.Compliance]);

    private static readonly Schedule Fixed = new(ScheduleMode.FixedTimezone, "America/Chicago", "09:00", "17:00", [DayOfWeek.Monday], "2099-01-05");
    private static readonly Outcomes Dispositions = new(["connected", "voicemail"], "Lead", [new WritebackField("connected", "Status", "Contacted")]);

    private ICampaignGrain NewCampaign(out string id)
    {
        id = $"cmp_{Guid.NewGuid():N}";
        return fixture.Client.GetGrain<ICampaignGrain>(GrainKeys.Scoped(Owner.OrgId, id));
    }

    [Fact]
    public async Task A_new_campaign_starts_as_a_draft_at_the_audience_step_owned_by_its_creator()
    {
        var view = (await NewCampaign(out var id).CreateAsync("Spring push", string.Empty, Owner)).Value!;
        Assert.Equal(id, view.Id);
        Assert.Equal(CampaignStatus.Draft, view.Status);
        Assert.Equal(WizardStep.Audience, view.Step);
        Assert.Equal("owen", view.OwnerId);
        Assert.Equal(1, view.Version);
        Assert.False(view.Readiness.Ready);
    }

    [Fact]
    public async Task Creating_the_same_campaign_twice_is_an_invalid_transition()
    {
        var grain = NewCampaign(out _);
        await grain.CreateAsync("One", string.Empty, Owner);
        Assert.Equal(ErrorCodes.InvalidTransition, (await grain.CreateAsync("Two", string.Empty, Owner)).Fault!.Code);
    }

    [Fact]
    public async Task An_unknown_campaign_reads_as_null_and_refuses_changes_as_not_found()
    {
        var grain = NewCampaign(out _);
        Assert.Null(await grain.GetAsync());
        Assert.Equal(ErrorCodes.NotFound, (await grain.RenameAsync("x", null, Owner)).Fault!.Code);
    }

    [Fact]
    public async Task Renaming_with_a_stale_version_is_a_version_conflict_and_changes_nothing()
    {
        var grain = NewCampaign(out _);
        await grain.CreateAsync("Before", string.Empty, Owner);
        var renamed = (await grain.RenameAsync("After", 1, Owner)).Value!;
        Assert.Equal(2, renamed.Version);

        var stale = await grain.RenameAsync("Lost update", 1, Owner);
        Assert.Equal(ErrorCodes.VersionConflict, stale.Fault!.Code);
        Assert.Equal("After", (await grain.GetAsync())!.Name);
    }

    [Fact]
    public async Task The_wizard_cannot_go_past_audience_without_an_upload_but_says_why()
    {
        var grain = NewCampaign(out _);
        var created = (await grain.CreateAsync("Gate", string.Empty, Owner)).Value!;
        Assert.False(created.CanAdvance.Allowed);
        Assert.Contains(created.CanAdvance.Reasons, r => r.Contains("upload", StringComparison.OrdinalIgnoreCase));

        var refused = await grain.GoToStepAsync(WizardStep.Schedule, null, Owner);
        Assert.Equal(ErrorCodes.InvalidTransition, refused.Fault!.Code);
        Assert.Contains("AUDIENCE", refused.Fault.Message, StringComparison.Ordinal);
        Assert.Equal(WizardStep.Audience, (await grain.GetAsync())!.Step);
    }

    [Fact]
    public async Task Going_back_to_the_current_or_an_earlier_step_is_always_allowed()
    {
        var grain = NewCampaign(out _);
        await grain.CreateAsync("Back", string.Empty, Owner);
        var same = await grain.GoToStepAsync(WizardStep.Audience, null, Owner);
        Assert.True(same.IsSuccess);
        Assert.Equal(1, same.Value!.Version);
    }

    [Fact]
    public async Task Schedule_and_outcomes_turn_their_readiness_checks_green_and_gates_open()
    {
        var grain = NewCampaign(out _);
        await grain.CreateAsync("Checks", string.Empty, Owner);
        await grain.SetScheduleAsync(Fixed, null, Owner);
        var view = (await grain.SetOutcomesAsync(Dispositions, null, Owner)).Value!;

        Assert.True(view.Readiness.Checks.Single(c => c.Key == "schedule.set").Passed);
        Assert.True(view.Readiness.Checks.Single(c => c.Key == "outcomes.set").Passed);
        Assert.True(view.Readiness.Checks.Single(c => c.Key == "timezone.resolved").Passed);
        Assert.False(view.Readiness.Checks.Single(c => c.Key == "audience.nonempty").Passed);
        Assert.Equal(3, view.Version);
    }

    [Fact]
    public async Task An_invalid_schedule_is_refused_and_not_stored()
    {
        var grain = NewCampaign(out _);
        await grain.CreateAsync("Bad schedule", string.Empty, Owner);
        var refused = await grain.SetScheduleAsync(Fixed with { Timezone = "Nowhere/Land" }, null, Owner);
        Assert.Equal(ErrorCodes.InvalidInput, refused.Fault!.Code);
        Assert.Null((await grain.GetAsync())!.Schedule);
    }

    [Fact]
    public async Task Only_the_owner_gives_the_owner_sign_off_and_only_compliance_the_compliance_one()
    {
        var grain = NewCampaign(out _);
        await grain.CreateAsync("Sign", string.Empty, Owner);
        Assert.Equal(ErrorCodes.Forbidden, (await grain.SignOffAsync(SignOffRole.Owner, null, Compliance)).Fault!.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await grain.SignOffAsync(SignOffRole.Compliance, null, Owner)).Fault!.Code);

        await grain.SignOffAsync(SignOffRole.Owner, "looks right", Owner);
        var view = (await grain.SignOffAsync(SignOffRole.Compliance, null, Compliance)).Value!;
        Assert.Equal(2, view.SignOffs.Count);
        Assert.True(view.Readiness.Checks.Single(c => c.Key == "signoff.owner").Passed);
    }

    [Fact]
    public async Task Changing_the_schedule_withdraws_earlier_sign_offs()
    {
        var grain = NewCampaign(out _);
        await grain.CreateAsync("Withdraw", string.Empty, Owner);
        await grain.SignOffAsync(SignOffRole.Owner, null, Owner);
        var view = (await grain.SetScheduleAsync(Fixed, null, Owner)).Value!;
        Assert.Empty(view.SignOffs);
    }

    [Fact]
    public async Task A_cancelled_campaign_can_no_longer_be_changed()
    {
        var grain = NewCampaign(out _);
        await grain.CreateAsync("Cancel me", string.Empty, Owner);
        Assert.Equal(CampaignStatus.Cancelled, (await grain.CancelAsync(Owner)).Value!.Status);
        Assert.Equal(ErrorCodes.InvalidTransition, (await grain.SetOutcomesAsync(Dispositions, null, Owner)).Fault!.Code);
        Assert.Equal(ErrorCodes.InvalidTransition, (await grain.CancelAsync(Owner)).Fault!.Code);
    }

    [Fact]
    public async Task Every_change_is_projected_into_the_campaign_list_table()
    {
        var grain = NewCampaign(out var id);
        await grain.CreateAsync("Listed", string.Empty, Owner);
        await grain.RenameAsync("Listed again", null, Owner);
        var name = await TestDatabase.ScalarAsync<string>(
            fixture.ConnectionString, "SELECT name FROM campaign_index WHERE org_id = @org AND campaign_id = @id", ("org", Owner.OrgId), ("id", id));
        Assert.Equal("Listed again", name);
    }

    [Fact]
    public async Task A_draft_survives_a_restart_of_every_silo()
    {
        var connection = await TestDatabase.CreateAsync("restart");
        var id = $"cmp_{Guid.NewGuid():N}";
        var key = GrainKeys.Scoped(Owner.OrgId, id);

        await using (var first = await GrainCluster.StartAsync(connection))
        {
            var grain = first.Client.GetGrain<ICampaignGrain>(key);
            await grain.CreateAsync("Durable", string.Empty, Owner);
            await grain.SetScheduleAsync(Fixed, null, Owner);
            await grain.SignOffAsync(SignOffRole.Owner, "ok", Owner);
            await first.StopAllSilosAsync();
        }

        await using var second = await GrainCluster.StartAsync(connection);
        var view = await second.Client.GetGrain<ICampaignGrain>(key).GetAsync();
        Assert.NotNull(view);
        Assert.Equal("Durable", view.Name);
        Assert.Equal(Fixed.Timezone, view.Schedule!.Timezone);
        Assert.Equal([DayOfWeek.Monday], view.Schedule.Days);
        Assert.Single(view.SignOffs);
        Assert.Equal(3, view.Version);
    }

    [Fact]
    public async Task Grain_state_is_stored_as_readable_json_in_postgresql()
    {
        var grain = NewCampaign(out var id);
        await grain.CreateAsync("Readable", string.Empty, Owner);
        var payload = await TestDatabase.ScalarAsync<byte[]>(
            fixture.ConnectionString, "SELECT payloadbinary FROM orleansstorage WHERE grainidextensionstring = @key OR position(@id in convert_from(payloadbinary, 'UTF8')) > 0 LIMIT 1",
            ("key", GrainKeys.Scoped(Owner.OrgId, id)), ("id", "Readable"));
        Assert.NotNull(payload);
        Assert.Contains("\"name\":\"Readable\"", System.Text.Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }
}
