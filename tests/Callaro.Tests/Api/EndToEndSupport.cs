using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Callaro.TestSupport;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>Steps of the wizard over real HTTP and real WebSockets, shared by the end-to-end tests.</summary>
public static class EndToEnd
{
    public const string UploadEventQuery =
        "subscription($u: ID!) { uploadStatusChanged(uploadId: $u) { status previousStatus at upload { id status inDirectoryAt progress { rowsRead rowsValidated chunksDone chunksTotal } counts { totalRows accepted rejected duplicates suppressed warnings } } } }";

    public const string UploadFields =
        "id campaignId status sizeBytes columns suggestedMapping { column field confidence } counts { totalRows accepted rejected duplicates suppressed warnings byReason { reason count } } rejectionReportUrl rejectionsAcknowledged";

    /// <summary>The mapping for <see cref="ContactCsv.Header"/>.</summary>
    public static readonly object[] ContactMapping =
    [
        new { column = "Contact ID", field = "IDENTIFIER" },
        new { column = "First Name", field = "FIRST_NAME" },
        new { column = "Phone Number", field = "PHONE" },
        new { column = "Time Zone", field = "TIMEZONE" },
        new { column = "Opt In", field = "CONSENT" },
    ];

    public static async Task<string> CreateCampaignAsync(HttpClient http, string name)
    {
        var reply = await http.PostAsync("mutation($n: String!) { createCampaign(input: { name: $n }) { id status } }", new { n = name });
        return reply.Ok().GetProperty("createCampaign").GetProperty("id").GetString()!;
    }

    /// <summary>uploadContacts as a GraphQL multipart request (operations / map / file) with the preflight header.</summary>
    public static async Task<GraphQLReply> UploadMultipartAsync(HttpClient http, string campaignId, byte[] csv, string fileName = "contacts.csv")
    {
        var body = new MultipartBody()
            .Operations(new
            {
                query = $"mutation($f: Upload!, $c: ID!) {{ uploadContacts(campaignId: $c, file: $f, options: {{ defaultRegion: \"US\" }}) {{ {UploadFields} }} }}",
                variables = new { f = (object?)null, c = campaignId },
            })
            .Map(new Dictionary<string, string[]> { ["0"] = ["variables.f"] })
            .File("0", fileName, "text/csv", csv)
            .End();
        return await http.PostMultipartAsync(body.ToContent(preflight: true));
    }

    /// <summary>PUT /uploads with a raw body; returns the status and the JSON answer.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PutAsync(HttpClient http, string campaignId, HttpContent content, string fileName = "contacts.csv", CancellationToken token = default)
    {
        using var response = await http.PutAsync(new Uri($"/uploads?campaignId={Uri.EscapeDataString(campaignId)}&fileName={fileName}&defaultRegion=US", UriKind.Relative), content, token);
        var text = await response.Content.ReadAsStringAsync(token);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PutAsync(HttpClient http, string campaignId, byte[] csv)
    {
        using var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await PutAsync(http, campaignId, content);
    }

    public static async Task<JsonElement> ConfirmAsync(HttpClient http, string uploadId, object[]? mapping = null)
    {
        var reply = await http.PostAsync(
            "mutation($u: ID!, $m: [ColumnMappingInput!]!) { confirmMapping(uploadId: $u, mapping: $m) { id status mapping { column field } } }",
            new { u = uploadId, m = mapping ?? ContactMapping });
        return reply.Ok().GetProperty("confirmMapping");
    }

    public static async Task<GraphQLSocket> SubscribeUploadAsync(Uri baseAddress, string key, string uploadId, string id = "u")
    {
        var socket = await GraphQLSocket.OpenAsync(baseAddress, key);
        await socket.SubscribeAsync(id, UploadEventQuery, new { u = uploadId });
        return socket;
    }

    /// <summary>
    /// The uploadStatusChanged events of operation <paramref name="id"/> until one satisfies <paramref name="stop"/>
    /// (included) or the server completes the operation. Fails on an <c>error</c> message or after <paramref name="patience"/>.
    /// </summary>
    public static async Task<(List<JsonElement> Events, bool Completed)> CollectUploadEventsAsync(
        GraphQLSocket socket, string id, Func<JsonElement, bool> stop, TimeSpan patience)
    {
        var events = new List<JsonElement>();
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No final event; saw: {string.Join(", ", events.Select(e => e.GetProperty("status").GetString()))}");
            }

            JsonElement message;
            try
            {
                message = await socket.ReceiveForAsync(id, left);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No final event; saw: {string.Join(", ", events.Select(e => e.GetProperty("status").GetString()))}");
            }

            switch (message.GetProperty("type").GetString())
            {
                case "next":
                    var payload = message.GetProperty("payload");
                    Assert.False(payload.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0, $"event with errors: {payload}");
                    var evt = payload.GetProperty("data").GetProperty("uploadStatusChanged").Clone();
                    events.Add(evt);
                    if (stop(evt))
                    {
                        return (events, false);
                    }

                    break;
                case "complete":
                    return (events, true);
                case "error":
                    throw new Xunit.Sdk.XunitException($"subscription error: {message}");
                default:
                    throw new Xunit.Sdk.XunitException($"unexpected message: {message}");
            }
        }
    }

    public static Func<JsonElement, bool> StatusIs(params string[] statuses) =>
        e => statuses.Contains(e.GetProperty("status").GetString());

    /// <summary>Subscribes and waits for one of <paramref name="statuses"/> (a late subscriber gets the current state first).</summary>
    public static async Task<JsonElement> WaitForStatusAsync(Uri baseAddress, string key, string uploadId, TimeSpan patience, params string[] statuses)
    {
        await using var socket = await SubscribeUploadAsync(baseAddress, key, uploadId);
        var (events, _) = await CollectUploadEventsAsync(socket, "u", StatusIs(statuses), patience);
        var last = events[^1];
        Assert.Contains(last.GetProperty("status").GetString(), statuses);
        return last;
    }

    /// <summary>Waits on uploadStatusChanged until the attached upload's contacts are in the org directory (saveDraft answers first).</summary>
    public static async Task WaitInDirectoryAsync(Uri baseAddress, string key, string uploadId, TimeSpan patience)
    {
        await using var socket = await SubscribeUploadAsync(baseAddress, key, uploadId);
        var (events, completed) = await CollectUploadEventsAsync(
            socket, "u", e => e.GetProperty("upload").GetProperty("inDirectoryAt").ValueKind != JsonValueKind.Null, patience);
        Assert.False(completed, $"The stream ended before the contacts reached the directory: {string.Join(", ", events)}");
    }

    public static string Code(this JsonElement errorBody) =>
        errorBody.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;

    public static long Long(this JsonElement element, string name) => element.GetProperty(name).GetInt64();

    public static void AssertCountsAddUp(JsonElement counts) => Assert.Equal(
        counts.Long("totalRows"),
        counts.Long("accepted") + counts.Long("rejected") + counts.Long("duplicates") + counts.Long("suppressed"));

    /// <summary>N valid contacts in <see cref="ContactCsv.Header"/> form, about 55 bytes a row.</summary>
    public static byte[] ValidFile(int rows, int offset = 0) => Encoding.UTF8.GetBytes(ContactCsv.Valid(rows, offset));
}

/// <summary>
/// A request body that sends <c>head</c>, flushes, then waits for <see cref="Release"/> before sending <c>tail</c>.
/// Declares <c>declaredLength</c> (defaults to the real length), so a body can also claim more than it will ever send.
/// </summary>
public sealed class GatedContent(byte[] head, byte[] tail, long? declaredLength = null) : HttpContent
{
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource headSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task HeadSent => headSent.Task;

    public void Release() => gate.TrySetResult();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(head, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        headSent.TrySetResult();
        await gate.Task.WaitAsync(cancellationToken);
        await stream.WriteAsync(tail, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = declaredLength ?? head.Length + tail.Length;
        return true;
    }
}

/// <summary>
/// A cluster of its own (one silo, a database) whose api runs with small rate-limit budgets and test keys of
/// its own, so budgets spent here never touch the shared api.
/// </summary>
public sealed class LimitedApiCluster : IAsyncLifetime
{
    public const int MutationsPerMinute = 8;
    public const int UploadsPerMinute = 6;
    public const string KeyMutations = "test-key-limits-mutations";
    public const string KeyUploads = "test-key-limits-uploads";
    public const string KeyStreaming = "test-key-limits-streaming";
    public const string KeySize = "test-key-limits-size";
    public const long MaxUploadBytes = 3 << 20; // above the 2 MiB the streaming test sends

    public ProcessCluster Processes { get; private set; } = null!;

    public Uri BaseAddress => Processes.BaseAddress;

    public string Log => Processes.Log("api");

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["Callaro__RateLimits__MutationsPerMinute"] = MutationsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Callaro__RateLimits__UploadsPerMinute"] = UploadsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        AddKey(environment, 4, KeyMutations, "org-m", "mallory", "SALES_OPS");
        AddKey(environment, 5, KeyUploads, "org-u", "ursula", "SALES_OPS", "OPS");
        AddKey(environment, 6, KeyStreaming, "org-s", "sam", "SALES_OPS", "OPS");
        AddKey(environment, 7, KeySize, "org-z", "zed", "SALES_OPS");
        environment["Callaro__DashboardOrgIds__0"] = "org-u";
        environment["Callaro__MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Processes = await ProcessCluster.StartAsync(silos: 1, "e2e-limits", apiEnvironment: environment);
    }

    public HttpClient Http(string key) => Processes.Http(key);

    public async Task DisposeAsync()
    {
        if (Processes is not null)
        {
            await Processes.DisposeAsync();
        }
    }

    private static void AddKey(Dictionary<string, string> env, int index, string key, string org, string user, params string[] roles)
    {
        env[$"Callaro__ApiKeys__{index}__Key"] = key;
        env[$"Callaro__ApiKeys__{index}__OrgId"] = org;
        env[$"Callaro__ApiKeys__{index}__UserId"] = user;
        for (var r = 0; r < roles.Length; r++)
        {
            env[$"Callaro__ApiKeys__{index}__Roles__{r}"] = roles[r];
        }
    }
}
