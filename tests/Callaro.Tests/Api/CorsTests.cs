using System.Net;
using System.Net.WebSockets;
using System.Text;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>Browser apps on other origins (Callaro:CorsOrigins), on the tuned api that lists two.</summary>
[Collection(TunedApiCollection.Name)]
public sealed class CorsTests(TunedApiCluster tuned)
{
    private static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, new Uri(path, UriKind.Relative));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    [Theory]
    [InlineData("/graphql", "POST", "authorization,content-type")]
    [InlineData("/graphql", "POST", "authorization,content-type,graphql-preflight,apollo-require-preflight")]
    [InlineData("/uploads", "PUT", "authorization,content-type")]
    public async Task A_preflight_from_an_allowed_origin_is_answered_204_with_the_cors_headers(string path, string method, string headers)
    {
        using var http = new HttpClient { BaseAddress = tuned.BaseAddress };
        using var request = Preflight(path, TunedApiCluster.AllowedOrigin, method, headers);
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(TunedApiCluster.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains(method, string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        foreach (var header in headers.Split(','))
        {
            Assert.Contains(header, allowed, StringComparison.Ordinal);
        }

        Assert.True(response.Headers.Contains("Access-Control-Max-Age"));
    }

    [Fact]
    public async Task An_origin_listed_with_a_trailing_slash_is_allowed_too()
    {
        using var http = new HttpClient { BaseAddress = tuned.BaseAddress };
        using var request = Preflight("/graphql", "http://localhost:3000", "POST", "authorization,content-type");
        using var response = await http.SendAsync(request);
        Assert.Equal("http://localhost:3000", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task A_preflight_from_another_origin_gets_no_cors_headers()
    {
        using var http = new HttpClient { BaseAddress = tuned.BaseAddress };
        using var request = Preflight("/graphql", "https://evil.example.net", "POST", "authorization,content-type");
        using var response = await http.SendAsync(request);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task A_request_from_an_allowed_origin_carries_the_allow_origin_header_and_runs()
    {
        using var http = tuned.Http(ProcessCluster.KeyA);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
        {
            Content = new StringContent("{\"query\":\"{ viewer { orgId } }\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", TunedApiCluster.AllowedOrigin);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TunedApiCluster.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("org-a", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_paths_get_no_cors_headers()
    {
        using var http = new HttpClient { BaseAddress = tuned.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/health", UriKind.Relative));
        request.Headers.Add("Origin", TunedApiCluster.AllowedOrigin);
        using var response = await http.SendAsync(request);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_websocket_from_an_allowed_origin_or_without_an_origin_opens_and_one_from_another_origin_is_refused()
    {
        await using (var allowed = await GraphQLSocket.ConnectAsync(tuned.BaseAddress, origin: TunedApiCluster.AllowedOrigin))
        {
            await allowed.SendAsync(new { type = "connection_init", payload = new { authorization = $"Bearer {ProcessCluster.KeyA}" } });
            Assert.Equal("connection_ack", (await allowed.ReceiveAsync()).GetProperty("type").GetString());
        }

        await using (var sameOrigin = await GraphQLSocket.ConnectAsync(tuned.BaseAddress, origin: $"http://{tuned.BaseAddress.Authority}"))
        {
            Assert.Equal(WebSocketState.Open, sameOrigin.State);
        }

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => GraphQLSocket.ConnectAsync(tuned.BaseAddress, origin: "https://evil.example.net"));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }
}

/// <summary>The shared api lists no origins: no CORS headers at all, as before.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed class NoCorsTests(ApiCluster fixture)
{
    [Fact]
    public async Task Without_configured_origins_a_preflight_gets_no_cors_headers()
    {
        using var http = new HttpClient { BaseAddress = fixture.Processes.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri("/graphql", UriKind.Relative));
        request.Headers.Add("Origin", "https://app.example.com");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await http.SendAsync(request);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
