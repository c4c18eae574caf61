using Callaro.Api.Uploads;
using Microsoft.Extensions.Configuration;

namespace Callaro.UnitTests.Api;

public sealed class UploadSizeSettingTests
{
    private const long Default = 1L << 30;

    public static TheoryData<string?, string?, long, string?> Cases() => new()
    {
        // Callaro:Uploads:MaxBytes, Callaro:MaxUploadBytes (deprecated) -> the limit, and what the warning says
        { null, null, Default, null },
        { "1000", null, 1000, null },
        { null, "2000", 2000, "deprecated: set Callaro:Uploads:MaxBytes" },
        { "1000", "2000", 1000, "deprecated and ignored" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_one_size_setting_wins_and_the_deprecated_key_is_read_only_without_it_with_a_warning(string? maxBytes, string? deprecated, long limit, string? warning)
    {
        var values = new Dictionary<string, string?> { ["Callaro:Uploads:MaxBytes"] = maxBytes, ["Callaro:MaxUploadBytes"] = deprecated };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Where(v => v.Value is not null))
            .Build();

        var (settings, said) = UploadSizeSetting.Read(configuration);

        Assert.Equal(limit, settings.MaxBytes);
        if (warning is null)
        {
            Assert.Null(said);
        }
        else
        {
            Assert.Contains(warning, said, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_multipart_limit_is_the_upload_size_limit()
    {
        var settings = new Callaro.Api.Transport.MultipartSettings { UploadSpoolPath = "/spool" };
        var limits = settings.LimitsFor(12345);
        Assert.Equal(12345, limits.MaxUploadBytes);
        Assert.Equal("/spool", limits.SpoolDirectory);
    }
}
