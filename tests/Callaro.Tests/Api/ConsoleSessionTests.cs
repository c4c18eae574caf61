using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>The web console's sign-in: an API key exchanged once for an HttpOnly session cookie.</summary>
[Collection(ApiClusterCollection.Name)]
public sealed class ConsoleSessionTests(ApiCluster cluster)
{
    private Uri Base => cluster.Processes.BaseAddress;

    private (HttpClient Http, CookieContainer Cookies) Browser()
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = Base };
        return (http, cookies);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient http, string key) =>
        await http.PostAsync(new Uri("/session", UriKind.Relative), Json(JsonSerializer.Serialize(new { apiKey = key })));

    private static async Task<JsonElement> ViewerAsync(HttpClient http)
    {
        using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), Json("{\"query\":\"{ viewer { orgId userId roles } }\"}"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Signing_in_with_a_key_sets_an_http_only_strict_cookie_that_authorises_graphql()
    {
        var (http, _) = Browser();
        using var _http = http;
        using var response = await SignInAsync(http, ProcessCluster.KeyA);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("callaro_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ProcessCluster.KeyA, cookie, StringComparison.Ordinal);
        var signedIn = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("alice", signedIn.GetProperty("userId").GetString());

        var viewer = await ViewerAsync(http);
        Assert.Equal("org-a", viewer.GetProperty("data").GetProperty("viewer").GetProperty("orgId").GetString());
    }

    [Fact]
    public async Task A_wrong_key_is_refused_as_unauthenticated_and_sets_no_cookie()
    {
        var (http, _) = Browser();
        using var _http = http;
        using var response = await SignInAsync(http, "not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("UNAUTHENTICATED", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_takes_json_only_so_a_cross_site_form_cannot_post_it()
    {
        var (http, _) = Browser();
        using var _http = http;
        using var form = new FormUrlEncodedContent([new("apiKey", ProcessCluster.KeyA)]);
        using var response = await http.PostAsync(new Uri("/session", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("INVALID_INPUT", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_even_for_a_copy_of_the_cookie()
    {
        var (http, cookies) = Browser();
        using var _http = http;
        (await SignInAsync(http, ProcessCluster.KeyA)).Dispose();
        var copy = cookies.GetCookies(Base)["callaro_session"]!.Value;

        using (var signOut = await http.DeleteAsync(new Uri("/session", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        using var replay = new HttpClient { BaseAddress = Base };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative)) { Content = Json("{\"query\":\"{ viewer { orgId } }\"}") };
        request.Headers.Add("Cookie", $"callaro_session={copy}");
        using var response = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("session has ended", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_with_a_header_key_is_judged_by_the_header_alone()
    {
        var (http, _) = Browser();
        using var _http = http;
        (await SignInAsync(http, ProcessCluster.KeyA)).Dispose();

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-key");
        var refused = await ViewerAsync(http);
        Assert.Equal("UNAUTHENTICATED", refused.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ProcessCluster.KeyB);
        var other = await ViewerAsync(http);
        Assert.Equal("org-b", other.GetProperty("data").GetProperty("viewer").GetProperty("orgId").GetString());
    }

    [Fact]
    public async Task The_cookie_authorises_report_downloads_within_its_org()
    {
        var (http, _) = Browser();
        using var _http = http;
        using (var anonymous = await http.GetAsync(new Uri("/uploads/upl_missing/rejections.csv", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        (await SignInAsync(http, ProcessCluster.KeyA)).Dispose();
        using var response = await http.GetAsync(new Uri("/uploads/upl_missing/rejections.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("NOT_FOUND", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_websocket_from_a_page_of_this_origin_is_signed_in_by_the_cookie()
    {
        var (http, cookies) = Browser();
        using var _http = http;
        (await SignInAsync(http, ProcessCluster.KeyA)).Dispose();

        await using var socket = await GraphQLSocket.ConnectAsync(Base, origin: $"http://{Base.Authority}", cookies: cookies);
        await socket.SendAsync(new { type = "connection_init" });
        var ack = await socket.ReceiveAsync();
        Assert.Equal("connection_ack", ack.GetProperty("type").GetString());

        await socket.SubscribeAsync("1", "query { viewer { userId } }");
        var next = await socket.ReceiveForAsync("1");
        Assert.Equal("alice", next.GetProperty("payload").GetProperty("data").GetProperty("viewer").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task A_websocket_opened_by_another_site_does_not_get_the_cookies_session()
    {
        var (http, cookies) = Browser();
        using var _http = http;
        (await SignInAsync(http, ProcessCluster.KeyA)).Dispose();

        await using var socket = await GraphQLSocket.ConnectAsync(Base, origin: "https://evil.example.net", cookies: cookies);
        await socket.SendAsync(new { type = "connection_init" });
        var (code, _) = await socket.ReceiveCloseAsync();
        Assert.Equal(4403, code);
    }

    [Fact]
    public async Task Asking_who_is_signed_in_answers_200_either_way()
    {
        var (http, _) = Browser();
        using var _http = http;
        var before = await http.GetFromJsonAsync<JsonElement>(new Uri("/session", UriKind.Relative));
        Assert.False(before.GetProperty("signedIn").GetBoolean());

        (await SignInAsync(http, ProcessCluster.KeyA)).Dispose();
        var after = await http.GetFromJsonAsync<JsonElement>(new Uri("/session", UriKind.Relative));
        Assert.True(after.GetProperty("signedIn").GetBoolean());
        Assert.Equal("alice", after.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Outside_development_the_sign_in_page_is_offered_no_key()
    {
        using var http = new HttpClient { BaseAddress = Base };
        var options = await http.GetFromJsonAsync<JsonElement>(new Uri("/session/options", UriKind.Relative));
        Assert.Equal(JsonValueKind.Null, options.GetProperty("developmentKey").ValueKind);
    }
}

public sealed class ConsoleRoleNameTests
{
    [Fact]
    public void Every_role_the_session_names_is_spelt_as_the_schemas_Role_enum_spells_it()
    {
        var served = new Callaro.Api.GraphQL.RoleEnum().Values.ToDictionary(v => (Callaro.Contracts.Role)v.Value!, v => v.Name);
        foreach (var role in Enum.GetValues<Callaro.Contracts.Role>())
        {
            Assert.Equal(served[role], Callaro.Api.GraphQL.RoleEnum.NameOf(role));
        }

        Assert.Equal("REVOPS", Callaro.Api.GraphQL.RoleEnum.NameOf(Callaro.Contracts.Role.RevOps));
    }
}

/// <summary>The built web console served at / (a stand-in build folder, Callaro:Console:Path).</summary>
[Collection(TunedApiCollection.Name)]
public sealed class ConsoleAppTests(TunedApiCluster tuned)
{
    private static async Task<HttpResponseMessage> PageAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("Accept", "text/html,application/xhtml+xml");
        return await http.SendAsync(request);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/campaigns")]
    [InlineData("/campaigns/cmp_123/wizard")]
    public async Task Every_page_address_loads_the_app_with_a_content_security_policy(string path)
    {
        using var http = new HttpClient { BaseAddress = tuned.BaseAddress };
        using var response = await PageAsync(http, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<div id=\"root\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_good_and_missing_ones_are_404()
    {
        using var http = new HttpClient { BaseAddress = tuned.BaseAddress };
        using var asset = await http.GetAsync(new Uri("/assets/app-abc123.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);

        using var missing = await http.GetAsync(new Uri("/assets/gone-000.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_api_paths_are_never_answered_by_the_console()
    {
        using var http = new HttpClient { BaseAddress = tuned.BaseAddress };
        using var graphiql = await PageAsync(http, "/graphql");
        Assert.Contains("graphiql", (await graphiql.Content.ReadAsStringAsync()).ToLowerInvariant(), StringComparison.Ordinal);

        using var session = await PageAsync(http, "/session");
        Assert.Contains("\"signedIn\":false", await session.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var upload = await PageAsync(http, "/uploads/upl_x/rejections.csv");
        Assert.Equal(HttpStatusCode.Unauthorized, upload.StatusCode);
    }
}
