using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Callaro.Tests.Infrastructure;

public sealed record GraphQLReply(HttpStatusCode Status, JsonElement Body)
{
    public JsonElement Data => Body.GetProperty("data");

    public bool HasErrors => Body.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0;

    public string? ErrorCode => HasErrors ? Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString() : null;

    public string? ErrorMessage => HasErrors ? Body.GetProperty("errors")[0].GetProperty("message").GetString() : null;

    /// <summary>The data, after asserting that the request succeeded.</summary>
    public JsonElement Ok()
    {
        Assert.False(HasErrors, $"Expected no errors, got {Body}");
        return Data;
    }
}

public static class GraphQLHttp
{
    /// <summary>Posts a multipart request (see <see cref="Callaro.TestSupport.MultipartBody"/>) to /graphql.</summary>
    public static async Task<GraphQLReply> PostMultipartAsync(this HttpClient http, HttpContent content)
    {
        using var response = await http.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return new GraphQLReply(response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<GraphQLReply> PostAsync(this HttpClient http, string query, object? variables = null)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/graphql", UriKind.Relative), new { query, variables });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new GraphQLReply(response.StatusCode, body);
    }
}
