using System.Globalization;
using Callaro.Contracts;

namespace Callaro.Grains.Campaigns;

/// <summary>Input rules for the wizard's own data (schedule, outcomes, names): pure, so tests need no cluster.</summary>
public static class DraftRules
{
    public const int MaxNameLength = 200;

    public static Fault? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return new Fault(ErrorCodes.InvalidInput, "Campaign name is required: give the campaign a name.");
        }

        return name.Trim().Length > MaxNameLength
            ? new Fault(ErrorCodes.InvalidInput, $"Campaign name is {name.Trim().Length} characters long; use at most {MaxNameLength}.")
            : null;
    }

    public static Fault? CheckSchedule(Schedule schedule, DateOnly today)
    {
        var problems = new List<string>();
        var start = ParseTime(schedule.WindowStart, "windowStart", problems);
        var end = ParseTime(schedule.WindowEnd, "windowEnd", problems);
        if (start is { } s && end is { } e && e <= s)
        {
            problems.Add($"windowEnd {schedule.WindowEnd} must be later than windowStart {schedule.WindowStart}");
        }

        if (schedule.Days.Count == 0)
        {
            problems.Add("days must name at least one day of the week");
        }

        if (!DateOnly.TryParseExact(schedule.StartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startDate))
        {
            problems.Add($"startDate '{schedule.StartDate}' is not a date in the form 2026-12-01");
        }
        else if (startDate < today)
        {
            problems.Add($"startDate {schedule.StartDate} is in the past (today is {today:yyyy-MM-dd} UTC)");
        }

        if (schedule.Mode == ScheduleMode.FixedTimezone)
        {
            if (string.IsNullOrWhiteSpace(schedule.Timezone))
            {
                problems.Add("a FIXED_TIMEZONE schedule needs timezone, an IANA name such as America/New_York");
            }
            else if (!IsIanaZone(schedule.Timezone))
            {
                problems.Add($"timezone '{schedule.Timezone}' is not an IANA time zone name such as America/New_York");
            }
        }

        return problems.Count == 0
            ? null
            : new Fault(ErrorCodes.InvalidInput, "Schedule not saved: " + string.Join("; ", problems) + ".");
    }

    public static Schedule Normalize(Schedule schedule) => schedule with
    {
        Timezone = schedule.Mode == ScheduleMode.FixedTimezone && schedule.Timezone is { } zone ? CanonicalZone(zone) : null,
        WindowStart = TimeOnly.ParseExact(schedule.WindowStart.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture).ToString("HH:mm", CultureInfo.InvariantCulture),
        WindowEnd = TimeOnly.ParseExact(schedule.WindowEnd.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture).ToString("HH:mm", CultureInfo.InvariantCulture),
        Days = [.. schedule.Days.Distinct().OrderBy(d => ((int)d + 6) % 7)],
    };

    /// <summary>Equal as the draft stores them (records compare the day list by reference, not by its days).</summary>
    public static bool SameSchedule(Schedule a, Schedule b) =>
        a.Mode == b.Mode && a.Timezone == b.Timezone && a.WindowStart == b.WindowStart && a.WindowEnd == b.WindowEnd
        && a.StartDate == b.StartDate && a.Days.SequenceEqual(b.Days);

    public static Fault? CheckOutcomes(Outcomes outcomes)
    {
        var problems = new List<string>();
        if (outcomes.Dispositions.Count == 0)
        {
            problems.Add("dispositions must list at least one outcome, e.g. connected, voicemail, no_answer");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var disposition in outcomes.Dispositions)
        {
            if (string.IsNullOrWhiteSpace(disposition))
            {
                problems.Add("a disposition is blank");
            }
            else if (!seen.Add(disposition.Trim()))
            {
                problems.Add($"disposition '{disposition.Trim()}' is listed twice");
            }
        }

        foreach (var field in outcomes.WritebackFields)
        {
            if (!seen.Contains(field.Disposition.Trim()))
            {
                problems.Add($"writeback for '{field.Disposition}' names no disposition of this campaign");
            }

            if (string.IsNullOrWhiteSpace(field.CrmField))
            {
                problems.Add($"writeback for '{field.Disposition}' has no crmField");
            }
        }

        return problems.Count == 0
            ? null
            : new Fault(ErrorCodes.InvalidInput, "Outcomes not saved: " + string.Join("; ", problems) + ".");
    }

    public static Outcomes Normalize(Outcomes outcomes) => outcomes with
    {
        Dispositions = [.. outcomes.Dispositions.Select(d => d.Trim())],
        CrmObject = string.IsNullOrWhiteSpace(outcomes.CrmObject) ? null : outcomes.CrmObject.Trim(),
        WritebackFields = [.. outcomes.WritebackFields.Select(f => new WritebackField(f.Disposition.Trim(), f.CrmField.Trim(), f.Value))],
    };

    private static TimeOnly? ParseTime(string value, string name, List<string> problems)
    {
        if (TimeOnly.TryParseExact(value?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        problems.Add($"{name} '{value}' is not a time of day like 09:00");
        return null;
    }

    private static bool IsIanaZone(string zone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(zone.Trim(), out var info) && info.HasIanaId;

    private static string CanonicalZone(string zone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(zone.Trim(), out var info) ? info.Id : zone.Trim();
}
