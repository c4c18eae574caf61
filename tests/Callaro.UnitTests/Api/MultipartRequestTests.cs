using System.IO.Pipelines;
using System.Text;
using Callaro.Api.GraphQL;
using Callaro.Api.Transport;
using Callaro.TestSupport;
using GraphQL.SystemTextJson;

namespace Callaro.UnitTests.Api;

/// <summary>The multipart request reader on its own: streaming, spooling, binding files into variables.</summary>
public sealed class MultipartRequestTests
{
    private static readonly GraphQLSerializer Serializer = new();

    private static Task<MultipartRequest> ReadAsync(Stream body, MultipartLimits? limits = null) =>
        MultipartRequest.ReadAsync(body, MultipartBody.Boundary, Serializer, limits ?? new MultipartLimits(), CancellationToken.None);

    private static Task<MultipartRequest> ReadAsync(MultipartBody body, MultipartLimits? limits = null) =>
        ReadAsync(new MemoryStream(body.ToArray()), limits);

    private static async Task<string> ReadAllTextAsync(UploadedFile file)
    {
        using var reader = new StreamReader(file.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static UploadedFile Variable(MultipartRequest request, int operation, string name) =>
        Assert.IsType<UploadedFile>(request.Requests[operation]!.Variables![name]);

    // Enough bytes that the reader can tell they are not the boundary (it holds back a boundary's length).
    private static readonly string FirstRows = "phone,name\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"+1415555{i:D4},Ada\n"));

    [Fact]
    public async Task The_operation_can_start_while_the_first_file_is_still_arriving()
    {
        var pipe = new Pipe();
        var head = new MultipartBody()
            .Operations(new { query = "mutation($file: Upload!) { x(file: $file) }", variables = new { file = (object?)null } })
            .Map(new Dictionary<string, string[]> { ["0"] = ["variables.file"] })
            .FileHeader("0", "contacts.csv", "text/csv")
            .Text(FirstRows);
        await pipe.Writer.WriteAsync(head.ToArray());

        await using var request = await ReadAsync(pipe.Reader.AsStream());
        // Awaited while the body is still open: it can only complete without the rest (the timeout bounds a failure).
        Assert.Null(await request.PrepareAsync(0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        var file = Variable(request, 0, "file");
        Assert.Equal("contacts.csv", file.FileName);
        Assert.Equal("text/csv", file.ContentType);

        // The resolver reads what has arrived; the rest of the body has not been sent yet.
        var buffer = new byte[1024];
        var got = Encoding.UTF8.GetString(buffer, 0, await file.Content.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.StartsWith("phone,name\n", got, StringComparison.Ordinal);
        Assert.StartsWith(got, FirstRows, StringComparison.Ordinal);

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes($"+14155550101,Grace\r\n--{MultipartBody.Boundary}--\r\n"));
        await pipe.Writer.CompleteAsync();
        using var rest = new StreamReader(file.Content);
        Assert.Equal(FirstRows + "+14155550101,Grace", got + await rest.ReadToEndAsync());
        await request.FinishAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_file_that_must_be_passed_over_is_spooled_to_disk_and_still_read_whole()
    {
        var spool = Directory.CreateTempSubdirectory("callaro-spool-test-").FullName;
        try
        {
            var body = new MultipartBody()
                .Operations(new { query = "q", variables = new { files = new object?[] { null, null } } })
                .Map(new Dictionary<string, string[]> { ["a"] = ["variables.files.1"], ["b"] = ["variables.files.0"] })
                .File("a", "a.csv", "text/csv", Encoding.UTF8.GetBytes(new string('a', 100_000)))
                .File("b", "b.csv", "text/plain", Encoding.UTF8.GetBytes("bee"))
                .End();
            var request = await ReadAsync(body, new MultipartLimits { SpoolDirectory = spool });
            await using (request)
            {
                Assert.Null(await request.PrepareAsync(0, CancellationToken.None));
                var files = Assert.IsType<List<object?>>(request.Requests[0]!.Variables!["files"]);
                var b = Assert.IsType<UploadedFile>(files[0]);
                var a = Assert.IsType<UploadedFile>(files[1]);
                Assert.Equal("a.csv", a.FileName);
                Assert.Equal("b.csv", b.FileName);
                Assert.Equal("text/plain", b.ContentType);

                // Reading b first passes over a, whose bytes go to a temporary file.
                Assert.Equal("bee", await ReadAllTextAsync(b));
                Assert.Single(Directory.GetFiles(spool));
                Assert.Equal(new string('a', 100_000), await ReadAllTextAsync(a));
                await request.FinishAsync(CancellationToken.None);
            }

            Assert.Empty(Directory.GetFiles(spool));
        }
        finally
        {
            Directory.Delete(spool, recursive: true);
        }
    }

    [Fact]
    public async Task Batched_operations_get_their_own_files_and_nested_paths_are_followed()
    {
        var body = new MultipartBody()
            .Operations(new object[]
            {
                new { query = "q0", variables = new { input = new { file = (object?)null, name = "first" } } },
                new { query = "q1", variables = new { list = new object?[] { new { file = (object?)null } } } },
            })
            .Map(new Dictionary<string, string[]> { ["x"] = ["0.variables.input.file"], ["y"] = ["1.variables.list.0.file"] })
            .File("x", "x.txt", "text/plain", "ex"u8.ToArray())
            .File("y", "y.txt", "text/plain", "why"u8.ToArray())
            .End();
        await using var request = await ReadAsync(body);
        Assert.True(request.Batched);
        Assert.Equal(2, request.Requests.Count);

        Assert.Null(await request.PrepareAsync(0, CancellationToken.None));
        var input = Assert.IsType<Dictionary<string, object?>>(request.Requests[0]!.Variables!["input"]);
        Assert.Equal("first", input["name"]);
        Assert.Equal("ex", await ReadAllTextAsync(Assert.IsType<UploadedFile>(input["file"])));

        Assert.Null(await request.PrepareAsync(1, CancellationToken.None));
        var list = Assert.IsType<List<object?>>(request.Requests[1]!.Variables!["list"]);
        var item = Assert.IsType<Dictionary<string, object?>>(list[0]);
        Assert.Equal("why", await ReadAllTextAsync(Assert.IsType<UploadedFile>(item["file"])));
    }

    [Fact]
    public async Task One_file_mapped_to_two_paths_is_refused_since_a_file_streams_once()
    {
        var body = new MultipartBody()
            .Operations(new { query = "q", variables = new { a = (object?)null, b = (object?)null } })
            .Map(new Dictionary<string, string[]> { ["0"] = ["variables.a", "variables.b"] })
            .File("0", "same.txt", "text/plain", "once"u8.ToArray())
            .End();
        var refused = await Assert.ThrowsAsync<MultipartRequestException>(() => ReadAsync(body));
        Assert.Contains("at 2 paths", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_nobody_reads_are_discarded_and_the_body_is_read_to_its_end()
    {
        var body = new MultipartBody()
            .Operations(new { query = "q", variables = new { file = (object?)null } })
            .Map(new Dictionary<string, string[]> { ["0"] = ["variables.file"] })
            .File("0", "ignored.bin", "application/octet-stream", new byte[300_000])
            .File("extra", "not-in-map.bin", "application/octet-stream", new byte[1000])
            .End();
        var stream = new MemoryStream(body.ToArray());
        await using var request = await ReadAsync(stream);
        Assert.Null(await request.PrepareAsync(0, CancellationToken.None));
        await request.FinishAsync(CancellationToken.None);
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public async Task A_claimed_file_keeps_the_request_open_until_it_is_read_to_the_end()
    {
        var body = new MultipartBody()
            .Operations(new { query = "q", variables = new { file = (object?)null } })
            .Map(new Dictionary<string, string[]> { ["0"] = ["variables.file"] })
            .File("0", "slow.csv", "text/csv", Encoding.UTF8.GetBytes(new string('z', 50_000)))
            .End();
        await using var request = await ReadAsync(body);
        Assert.Null(await request.PrepareAsync(0, CancellationToken.None));
        var content = Variable(request, 0, "file").Content; // claimed, as a resolver handing it to background work would

        var finished = request.FinishAsync(CancellationToken.None);

        // "Still waiting" has no signal: a FinishAsync that did not wait for the claimed file would finish at once (the
        // body is in memory), so a moment's grace is the proof that it waits. Its finishing is awaited below.
        await Task.Delay(300);
        Assert.False(finished.IsCompleted);

        using var reader = new StreamReader(content);
        Assert.Equal(50_000, (await reader.ReadToEndAsync()).Length);
        await finished.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Content_can_be_opened_only_once()
    {
        var body = new MultipartBody()
            .Operations(new { query = "q", variables = new { file = (object?)null } })
            .Map(new Dictionary<string, string[]> { ["0"] = ["variables.file"] })
            .File("0", "f.txt", "text/plain", "x"u8.ToArray())
            .End();
        await using var request = await ReadAsync(body);
        var file = Variable(request, 0, "file");
        var first = file.Content;
        Assert.Same(first, file.Content);
        Assert.False(first.CanSeek);
    }

    [Fact]
    public async Task A_file_the_map_names_but_the_body_lacks_is_reported_before_the_operation_runs()
    {
        var body = new MultipartBody()
            .Operations(new { query = "q", variables = new { file = (object?)null } })
            .Map(new Dictionary<string, string[]> { ["0"] = ["variables.file"] })
            .End();
        await using var request = await ReadAsync(body);
        Assert.Contains("no file part named '0'", await request.PrepareAsync(0, CancellationToken.None), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"0": "variables.file"}""", "non-empty array")]
    [InlineData("""{"0": []}""", "non-empty array")]
    [InlineData("""{"0": ["query"]}""", "must point into the variables")]
    [InlineData("""{"0": ["variables.list.5"]}""", "does not lead to a null")]
    [InlineData("""{"0": ["variables.missing.file"]}""", "does not lead to a null")]
    public async Task A_bad_map_is_refused_as_invalid_input(string map, string expected)
    {
        var body = new MultipartBody()
            .Operations(new { query = "q", variables = new { file = (object?)null, list = new object?[] { null } } })
            .Field("map", map)
            .End();
        var refused = await Assert.ThrowsAsync<MultipartRequestException>(() => ReadAsync(body));
        Assert.Equal(400, refused.Status);
        Assert.Equal("INVALID_INPUT", refused.Code);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_must_come_first_and_map_second()
    {
        var body = new MultipartBody()
            .Map(new Dictionary<string, string[]>())
            .Operations(new { query = "q" })
            .End();
        var refused = await Assert.ThrowsAsync<MultipartRequestException>(() => ReadAsync(body));
        Assert.Contains("'operations'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operations_field_over_its_limit_is_refused_with_413()
    {
        var body = new MultipartBody()
            .Field("operations", "{\"query\": \"" + new string('x', 2000) + "\"}")
            .Map(new Dictionary<string, string[]>())
            .End();
        var refused = await Assert.ThrowsAsync<MultipartRequestException>(() => ReadAsync(body, new MultipartLimits { MaxFieldBytes = 1000 }));
        Assert.Equal(413, refused.Status);
    }
}
