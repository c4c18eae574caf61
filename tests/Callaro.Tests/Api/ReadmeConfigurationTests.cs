using Callaro.Api.Transport;

namespace Callaro.Tests.Api;

/// <summary>Settings an operator can set are in README's configuration table.</summary>
public sealed class ReadmeConfigurationTests
{
    private static string ConfigurationSection()
    {
        var readme = File.ReadAllText(Path.Combine(Infrastructure.ProcessCluster.RepoRoot, "README.md"));
        var start = readme.IndexOf("## Configuration", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..end];
    }

    [Fact]
    public void Every_websocket_setting_and_the_cors_origins_are_in_the_configuration_table()
    {
        var section = ConfigurationSection();
        var names = typeof(WebSocketSettings).GetProperties()
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
            .Select(p => p.Name)
            .Append("CorsOrigins");
        Assert.All(names, name => Assert.Contains(name, section, StringComparison.Ordinal));
    }

    [Fact]
    public void The_upload_size_setting_and_its_deprecated_key_are_in_the_configuration_table()
    {
        var section = ConfigurationSection();
        Assert.Contains($"`{Callaro.Grains.Uploads.UploadSettings.MaxBytesKey}` | both |", section, StringComparison.Ordinal);
        Assert.Contains($"`{Callaro.Api.Uploads.UploadSizeSetting.DeprecatedKey}` | api | deprecated", section, StringComparison.Ordinal);
    }
}
