using Callaro.Pipeline;
using Callaro.Pipeline.Validation;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Validation;

public sealed class TimezoneRuleTests
{
    [Theory]
    [InlineData("America/Los_Angeles", "America/Los_Angeles")]
    [InlineData("america/los_angeles", "America/Los_Angeles")]
    [InlineData("AMERICA/LOS ANGELES", "America/Los_Angeles")]
    [InlineData("US/Pacific", "America/Los_Angeles")]
    public void Iana_names_in_any_case_are_canonicalised_without_a_warning(string value, string zone)
    {
        var result = Row.Validate(timezone: value);

        Assert.True(result.Accepted);
        Assert.Equal(zone, result.Contact.Timezone);
        Assert.DoesNotContain(result.Issues, i => i.Code is RejectReason.TimezoneAlias or RejectReason.TimezoneConflict);
    }

    [Fact]
    public void An_old_iana_name_is_read_as_its_current_name()
    {
        var result = Row.Validate("+91 98765 43210", timezone: "Asia/Calcutta");

        Assert.True(result.Accepted);
        Assert.Equal("Asia/Kolkata", result.Contact.Timezone);
        Assert.False(result.Has(RejectReason.TimezoneConflict));
    }

    [Fact]
    public void A_lower_case_new_york_is_accepted()
    {
        var result = Row.Validate("+1 212 555 0100", timezone: "America/new_york");

        Assert.True(result.Accepted);
        Assert.Equal("America/New_York", result.Contact.Timezone);
    }

    [Theory]
    [InlineData("pst", "America/Los_Angeles")]
    [InlineData("PDT", "America/Los_Angeles")]
    [InlineData("Pacific", "America/Los_Angeles")]
    [InlineData("EST", "America/New_York")]
    [InlineData("CST", "America/Chicago")]
    [InlineData("MST", "America/Denver")]
    [InlineData("AKST", "America/Anchorage")]
    [InlineData("HST", "Pacific/Honolulu")]
    [InlineData("Eastern Standard Time", "America/New_York")]
    [InlineData("eastern standard time", "America/New_York")]
    [InlineData("Pacific Standard Time", "America/Los_Angeles")]
    [InlineData("Eastern Time (US & Canada)", "America/New_York")]
    [InlineData("(UTC-08:00) Pacific Time (US & Canada)", "America/Los_Angeles")]
    public void Abbreviations_and_windows_names_are_accepted_as_aliases(string value, string zone)
    {
        var result = Row.Validate(timezone: value);

        Assert.True(result.Accepted);
        Assert.Equal(zone, result.Contact.Timezone);
        var alias = result.Issue(RejectReason.TimezoneAlias);
        Assert.Equal(Severity.Warning, alias.Severity);
        Assert.Equal("Time Zone", alias.Column);
        Assert.Contains(zone, alias.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("IST", "Asia/Kolkata")]
    [InlineData("BST", "Europe/London")]
    [InlineData("CET", "Europe/Berlin")]
    [InlineData("AEST", "Australia/Sydney")]
    [InlineData("JST", "Asia/Tokyo")]
    public void Ambiguous_abbreviations_have_one_documented_meaning(string value, string zone)
    {
        Assert.Equal(zone, TimezoneResolver.Resolve(value).ZoneId);
    }

    [Theory]
    [InlineData("UTC-5", "Etc/GMT+5")]
    [InlineData("UTC -5", "Etc/GMT+5")]
    [InlineData("-05:00", "Etc/GMT+5")]
    [InlineData("GMT+01:00", "Etc/GMT-1")]
    [InlineData("UTC+10", "Etc/GMT-10")]
    [InlineData("+00:00", "Etc/UTC")]
    [InlineData("+0530", "Asia/Kolkata")]
    [InlineData("UTC+5:45", "Asia/Kathmandu")]
    [InlineData("-03:30", "America/St_Johns")]
    public void Fixed_offsets_map_to_etc_zones_with_the_sign_inverted_or_to_a_representative_zone(string value, string zone)
    {
        var resolution = TimezoneResolver.Resolve(value);

        Assert.Equal(zone, resolution.ZoneId);
        Assert.Equal(TimezoneSource.FixedOffset, resolution.Source);
        Assert.True(resolution.IsAlias);
    }

    [Fact]
    public void A_fixed_offset_on_a_row_is_an_alias_warning()
    {
        var result = Row.Validate(timezone: "UTC-8");

        Assert.True(result.Accepted);
        Assert.Equal("Etc/GMT+8", result.Contact.Timezone);
        Assert.Contains("daylight", result.Issue(RejectReason.TimezoneAlias).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("Eastern-ish")]
    [InlineData("UTC+15")]
    [InlineData("+05:17")]
    [InlineData("42")]
    public void A_value_that_names_no_zone_is_timezone_unknown(string value)
    {
        var result = Row.Validate(timezone: value);

        Assert.False(result.Accepted);
        var issue = result.Issue(RejectReason.TimezoneUnknown);
        Assert.Equal(Severity.Error, issue.Severity);
        Assert.Contains(value, issue.Message, StringComparison.Ordinal);
        Assert.Null(result.Contact.Timezone);
    }

    [Theory]
    [InlineData("(415) 555-0132", "America/Los_Angeles")]
    [InlineData("+1 212 555 0100", "America/New_York")]
    [InlineData("+44 20 7946 0958", "Europe/London")]
    [InlineData("+33 1 23 45 67 89", "Europe/Paris")]
    [InlineData("+91 98765 43210", "Asia/Kolkata")]
    public void An_empty_timezone_is_inferred_when_the_number_has_one_zone(string phone, string zone)
    {
        var result = Row.Validate(phone);

        Assert.True(result.Accepted);
        Assert.Equal(zone, result.Contact.Timezone);
        Assert.False(result.TimezoneMissing);
        Assert.Equal(Severity.Warning, result.Issue(RejectReason.TimezoneInferred).Severity);
    }

    [Theory]
    [InlineData("+1 907 555 0100")] // Alaska: Anchorage and Adak
    [InlineData("1-800-555-0199")] // toll-free: the whole of +1
    [InlineData("+61 491 570 156")] // Australian mobile: every Australian zone
    public void An_empty_timezone_with_several_candidate_zones_is_flagged_missing_not_guessed(string phone)
    {
        var result = Row.Validate(phone);

        Assert.True(result.Accepted);
        Assert.Null(result.Contact.Timezone);
        Assert.True(result.TimezoneMissing);
        Assert.False(result.Has(RejectReason.TimezoneInferred));
        Assert.False(result.Has(RejectReason.TimezoneUnresolved));
    }

    [Fact]
    public void A_missing_timezone_is_unresolved_when_the_schedule_needs_local_time()
    {
        var lenient = Row.Validate("+1 907 555 0100");
        var strict = Row.Validate("+1 907 555 0100", options: new RowValidatorOptions { RequireTimezone = true });

        Assert.True(lenient.Accepted);
        Assert.False(strict.Accepted);
        Assert.Equal(Severity.Error, strict.Issue(RejectReason.TimezoneUnresolved).Severity);

        var decidedLater = TimezoneRequirement.Apply(lenient, contactLocalSchedule: true, "Time Zone");
        Assert.False(decidedLater.Accepted);
        Assert.Equal("Time Zone", decidedLater.Issue(RejectReason.TimezoneUnresolved).Column);
        Assert.Same(lenient, TimezoneRequirement.Apply(lenient, contactLocalSchedule: false));
        Assert.Same(decidedLater, decidedLater.RequireTimezone());
    }

    [Fact]
    public void An_inferred_timezone_satisfies_a_local_time_schedule()
    {
        var result = Row.Validate("(415) 555-0132", options: new RowValidatorOptions { RequireTimezone = true });

        Assert.True(result.Accepted);
        Assert.Equal("America/Los_Angeles", result.Contact.Timezone);
    }

    [Fact]
    public void A_uk_number_with_a_chicago_timezone_is_a_conflict_warning()
    {
        var result = Row.Validate("+44 20 7946 0958", timezone: "America/Chicago");

        Assert.True(result.Accepted);
        Assert.Equal("America/Chicago", result.Contact.Timezone);
        var conflict = result.Issue(RejectReason.TimezoneConflict);
        Assert.Equal(Severity.Warning, conflict.Severity);
        Assert.Contains("+44", conflict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(415) 555-0132", "America/New_York")] // moved within the country: fine
    [InlineData("(415) 555-0132", "America/Toronto")] // +1 is shared with Canada
    [InlineData("+44 20 7946 0958", "UTC")] // UK winter time is UTC
    [InlineData("+44 20 7946 0958", "GMT+01:00")] // UK summer time
    [InlineData("(415) 555-0132", "PST")]
    public void A_zone_the_country_uses_is_no_conflict(string phone, string timezone)
    {
        var result = Row.Validate(phone, timezone: timezone);

        Assert.False(result.Has(RejectReason.TimezoneConflict));
    }

    [Theory]
    [InlineData("(415) 555-0132", "UTC")]
    [InlineData("(415) 555-0132", "Asia/Tokyo")]
    [InlineData("(415) 555-0132", "+05:30")]
    public void A_zone_or_offset_the_country_never_uses_is_a_conflict(string phone, string timezone)
    {
        var result = Row.Validate(phone, timezone: timezone);

        Assert.True(result.Accepted);
        Assert.True(result.Has(RejectReason.TimezoneConflict));
    }
}
