using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>GraphiQL at GET /graphql for browsers: the IDE whose subscriptions use the WebSocket transport.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed partial class WebSocketGraphiQLTests(ApiCluster fixture)
{
    private ProcessCluster Callaro => fixture.Processes;

    private async Task<HttpResponseMessage> GetPageAsync(string path = "/graphql")
    {
        using var http = new HttpClient { BaseAddress = Callaro.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task A_browser_gets_graphiql_from_get_graphql_without_a_key()
    {
        using var response = await GetPageAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("graphiql.min.js", html, StringComparison.Ordinal);
        Assert.Contains("graphql-ws.min.js", html, StringComparison.Ordinal);
        Assert.Contains("callaro-graphiql.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_script_and_stylesheet_of_the_page_is_served_by_the_api_itself()
    {
        using var page = await GetPageAsync();
        var html = await page.Content.ReadAsStringAsync();
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).Where(u => u.EndsWith(".js", StringComparison.Ordinal) || u.EndsWith(".css", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, assets.Count);
        using var http = new HttpClient { BaseAddress = Callaro.BaseAddress };
        long total = 0;
        foreach (var asset in assets)
        {
            Assert.StartsWith("/graphiql/", asset, StringComparison.Ordinal);
            using var response = await http.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {response.StatusCode}");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.NotEmpty(bytes);
            total += bytes.Length;
            Assert.Equal(asset.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/css", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.InRange(total, 1_000_000, 5_000_000);
    }

    [Fact]
    public async Task The_page_script_sends_the_key_from_the_headers_editor_and_subscribes_over_graphql_ws()
    {
        using var http = new HttpClient { BaseAddress = Callaro.BaseAddress };
        var script = await http.GetStringAsync(new Uri("/graphiql/callaro-graphiql.js", UriKind.Relative));
        Assert.Contains("graphqlWs.createClient", script, StringComparison.Ordinal);
        Assert.Contains("connectionParams", script, StringComparison.Ordinal);
        Assert.Contains("\"Authorization\": \"Bearer \"", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_get_with_a_query_parameter_is_a_graphql_request_and_needs_a_key_even_from_a_browser()
    {
        using var response = await GetPageAsync("/graphql?query=%7Bviewer%7BorgId%7D%7D");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("UNAUTHENTICATED", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_get_without_html_in_accept_is_not_given_the_page()
    {
        using var http = Callaro.Http(ProcessCluster.KeyA);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/graphql", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("INVALID_INPUT", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex AssetReference();
}
