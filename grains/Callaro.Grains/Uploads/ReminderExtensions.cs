namespace Callaro.Grains.Uploads;

internal static class ReminderExtensions
{
    public static async Task UnregisterReminderIfAnyAsync(this Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
