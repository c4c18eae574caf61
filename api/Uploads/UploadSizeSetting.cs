using Callaro.Grains.Uploads;

namespace Callaro.Api.Uploads;

/// <summary>
/// The api's upload settings: <see cref="UploadSettings"/> from <c>Callaro:Uploads</c>, as the silos read them, so
/// <c>Callaro:Uploads:MaxBytes</c> is the one size limit of both hosts (plain uploads and multipart requests alike).
/// The api's own key of before, <c>Callaro:MaxUploadBytes</c>, is still read while it is not set, with a warning.
/// </summary>
public static class UploadSizeSetting
{
    public const string DeprecatedKey = "Callaro:MaxUploadBytes";

    /// <summary>The settings, and a warning to print at start when the deprecated key is set.</summary>
    public static (UploadSettings Settings, string? Warning) Read(IConfiguration configuration)
    {
        var settings = UploadSettings.From(configuration);
        if (string.IsNullOrWhiteSpace(configuration[DeprecatedKey]))
        {
            return (settings, null);
        }

        if (!string.IsNullOrWhiteSpace(configuration[UploadSettings.MaxBytesKey]))
        {
            return (settings, $"{DeprecatedKey} is deprecated and ignored: {UploadSettings.MaxBytesKey} is set. Remove {DeprecatedKey}.");
        }

        return (
            settings with { MaxBytes = configuration.GetValue<long>(DeprecatedKey) },
            $"{DeprecatedKey} is deprecated: set {UploadSettings.MaxBytesKey} instead (the api and the silos read it).");
    }
}
