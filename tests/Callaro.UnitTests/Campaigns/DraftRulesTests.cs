using Callaro.Contracts;
using Callaro.Grains.Campaigns;

namespace Callaro.UnitTests.Campaigns;

public sealed class DraftRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static Schedule Valid(ScheduleMode mode = ScheduleMode.ContactLocal, string? zone = null) =>
        new(mode, zone, "09:00", "17:00", [DayOfWeek.Monday, DayOfWeek.Friday], "2026-12-01");

    [Fact]
    public void A_complete_contact_local_schedule_is_accepted() => Assert.Null(DraftRules.CheckSchedule(Valid(), Today));

    [Fact]
    public void A_window_that_ends_before_it_starts_is_refused_with_both_times_in_the_message()
    {
        var fault = DraftRules.CheckSchedule(Valid() with { WindowStart = "18:00", WindowEnd = "09:00" }, Today);
        Assert.Equal(ErrorCodes.InvalidInput, fault!.Code);
        Assert.Contains("09:00", fault.Message, StringComparison.Ordinal);
        Assert.Contains("18:00", fault.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9am")]
    [InlineData("25:00")]
    [InlineData("")]
    public void A_window_time_that_is_not_a_time_of_day_is_refused(string start) =>
        Assert.Equal(ErrorCodes.InvalidInput, DraftRules.CheckSchedule(Valid() with { WindowStart = start }, Today)!.Code);

    [Fact]
    public void A_start_date_in_the_past_is_refused() =>
        Assert.Contains("past", DraftRules.CheckSchedule(Valid() with { StartDate = "2026-11-25" }, Today)!.Message, StringComparison.Ordinal);

    [Fact]
    public void A_schedule_without_days_is_refused() =>
        Assert.NotNull(DraftRules.CheckSchedule(Valid() with { Days = [] }, Today));

    [Fact]
    public void A_fixed_timezone_schedule_needs_a_real_iana_zone()
    {
        Assert.NotNull(DraftRules.CheckSchedule(Valid(ScheduleMode.FixedTimezone), Today));
        Assert.NotNull(DraftRules.CheckSchedule(Valid(ScheduleMode.FixedTimezone, "Mars/Olympus"), Today));
        Assert.Null(DraftRules.CheckSchedule(Valid(ScheduleMode.FixedTimezone, "Europe/Berlin"), Today));
    }

    [Fact]
    public void Normalising_a_schedule_pads_times_and_orders_days_from_monday()
    {
        var normalized = DraftRules.Normalize(Valid() with { WindowStart = "9:00", Days = [DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Monday] });
        Assert.Equal("09:00", normalized.WindowStart);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Sunday], normalized.Days);
    }

    [Fact]
    public void Two_schedules_with_the_same_days_in_different_lists_are_the_same_schedule()
    {
        Assert.True(DraftRules.SameSchedule(Valid(), Valid() with { Days = [DayOfWeek.Monday, DayOfWeek.Friday] }));
        Assert.False(DraftRules.SameSchedule(Valid(), Valid() with { Days = [DayOfWeek.Monday] }));
        Assert.False(DraftRules.SameSchedule(Valid(), Valid() with { WindowEnd = "18:00" }));
    }

    [Fact]
    public void Outcomes_with_a_repeated_disposition_are_refused_naming_it()
    {
        var fault = DraftRules.CheckOutcomes(new Outcomes(["connected", "Connected"], null, []));
        Assert.Contains("Connected", fault!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_writeback_for_an_unknown_disposition_is_refused() =>
        Assert.NotNull(DraftRules.CheckOutcomes(new Outcomes(["connected"], "Lead", [new WritebackField("voicemail", "Status", "VM")])));

    [Fact]
    public void A_blank_campaign_name_is_refused() => Assert.Equal(ErrorCodes.InvalidInput, DraftRules.CheckName("   ")!.Code);
}
