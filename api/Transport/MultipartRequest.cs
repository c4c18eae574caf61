using System.Text;
using System.Text.Json;
using Callaro.Api.GraphQL;
using Callaro.Contracts;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Callaro.Api.Transport;

/// <summary>Limits of one multipart request (<see cref="MultipartSettings.LimitsFor"/> derives them from the settings).</summary>
public sealed record MultipartLimits
{
    /// <summary>Largest <c>operations</c> or <c>map</c> field.</summary>
    public int MaxFieldBytes { get; init; } = 1024 * 1024;

    public int MaxFiles { get; init; } = 100;

    public int MaxHeaderBytes { get; init; } = 16 * 1024;

    /// <summary>The whole request body; reads past it fail with UPLOAD_TOO_LARGE. The upload size limit, <c>Callaro:Uploads:MaxBytes</c>.</summary>
    public long MaxUploadBytes { get; init; } = 1L << 30;

    /// <summary>After the response, how long a claimed file may go unread before it is abandoned.</summary>
    public TimeSpan ClaimedIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Where files that must be skipped over are spooled (default: the system temp folder).</summary>
    public string? SpoolDirectory { get; init; }
}

/// <summary>A multipart request refused before any operation ran.</summary>
public sealed class MultipartRequestException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}

/// <summary>
/// A GraphQL multipart request (jaydenseric/graphql-multipart-request-spec) read as a stream:
/// <c>operations</c> and <c>map</c> (small, limited) are read first; each mapped path in the variables then
/// holds an <see cref="UploadedFile"/> whose bytes are read from the request body only when a resolver reads
/// them. Before an operation runs, <see cref="PrepareAsync"/> reads ahead to the parts of the files it uses;
/// a file part that has to be passed over while it still may be read is spooled to a temporary file (disk,
/// never memory). The last file an operation needs — the only one, usually — streams straight from the socket.
/// </summary>
public sealed class MultipartRequest : IAsyncDisposable
{
    private readonly MultipartReader reader;
    private readonly MultipartLimits limits;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<string, MultipartFile> filesByName = new(StringComparer.Ordinal);
    private readonly List<HashSet<MultipartFile>> filesByOperation = [];
    private MultipartFile? live;
    private bool ended;

    private MultipartRequest(MultipartReader reader, MultipartLimits limits)
    {
        this.reader = reader;
        this.limits = limits;
    }

    public IReadOnlyList<GraphQLRequest?> Requests { get; private set; } = [];

    public bool Batched { get; private set; }

    /// <summary>The files of the map, in the map's order.</summary>
    public IReadOnlyList<UploadedFile> Files => [.. filesByName.Values.Select(f => f.Upload)];

    internal MultipartLimits Limits => limits;

    /// <summary>The boundary of a <c>multipart/form-data</c> content type, or null.</summary>
    public static string? Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200 ? null : boundary;
    }

    /// <summary>Reads <c>operations</c> and <c>map</c> and binds the files into the variables.</summary>
    public static async Task<MultipartRequest> ReadAsync(Stream body, string boundary, IGraphQLTextSerializer serializer, MultipartLimits limits, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, body) { HeadersLengthLimit = limits.MaxHeaderBytes, HeadersCountLimit = 32 };
        var request = new MultipartRequest(reader, limits);
        try
        {
            var operations = await request.ReadFieldAsync("operations", cancellationToken);
            var map = await request.ReadFieldAsync("map", cancellationToken);
            request.Bind(operations, map, serializer);
            return request;
        }
        catch
        {
            await request.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Reads ahead until every file that operation <paramref name="index"/> uses has arrived (its part headers
    /// read). Returns an error message when one of them is not in the request.
    /// </summary>
    public async Task<string?> PrepareAsync(int index, CancellationToken cancellationToken)
    {
        if (index >= filesByOperation.Count)
        {
            return null;
        }

        foreach (var file in filesByOperation[index])
        {
            await ReachAsync(file, cancellationToken);
            if (!file.Reached)
            {
                return $"The request has no file part named '{file.Name}' (the map names it).";
            }
        }

        return null;
    }

    /// <summary>
    /// Call after the response is sent: discards files no operation claimed, waits until claimed ones are read
    /// to the end or disposed (or stay unread for <see cref="MultipartLimits.ClaimedIdleTimeout"/>), then reads
    /// and discards what is left of the body.
    /// </summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        foreach (var file in filesByName.Values.Where(f => !f.Claimed))
        {
            file.Release();
        }

        foreach (var file in filesByName.Values.Where(f => f.Claimed))
        {
            while (!file.Released)
            {
                await Task.WhenAny(file.ReleasedTask, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                if (!file.Released && DateTime.UtcNow - file.LastActivity > limits.ClaimedIdleTimeout)
                {
                    file.Abandon();
                }
            }
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            while (!ended)
            {
                await AdvanceLockedAsync(cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var file in filesByName.Values)
        {
            await file.DisposeAsync();
        }
    }

    internal async Task ReachAsync(MultipartFile file, CancellationToken cancellationToken)
    {
        if (file.Reached)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            while (!file.Reached && !ended)
            {
                await AdvanceLockedAsync(cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Reads from the live part (under the gate: the reader's parts share one body stream).</summary>
    internal async ValueTask<int> ReadLiveAsync(MultipartFile file, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return ReferenceEquals(live, file) ? await file.Section!.Body.ReadAsync(buffer, cancellationToken) : -1;
        }
        finally
        {
            gate.Release();
        }
    }

    internal int ReadLive(MultipartFile file, Span<byte> buffer)
    {
        gate.Wait();
        try
        {
            return ReferenceEquals(live, file) ? file.Section!.Body.Read(buffer) : -1;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Moves to the next part: the live file's rest is spooled (or dropped once released).</summary>
    private async Task AdvanceLockedAsync(CancellationToken cancellationToken)
    {
        if (live is { } current)
        {
            live = null;
            await current.LeaveLiveAsync(limits.SpoolDirectory, cancellationToken);
        }

        var section = await reader.ReadNextSectionAsync(cancellationToken);
        if (section is null)
        {
            ended = true;
            return;
        }

        var disposition = section.GetContentDispositionHeader();
        var name = disposition is null ? null : HeaderUtilities.RemoveQuotes(disposition.Name).Value;
        if (name is not null && filesByName.TryGetValue(name, out var file) && !file.Reached)
        {
            var fileName = HeaderUtilities.RemoveQuotes(disposition!.FileNameStar).Value;
            if (string.IsNullOrEmpty(fileName))
            {
                fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
            }

            file.Enter(section, Path.GetFileName(fileName ?? string.Empty), section.ContentType);
            if (file.Released)
            {
                await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                file.MarkEnded();
            }
            else
            {
                live = file;
            }

            return;
        }

        // A part the map does not name (or a repeated one): skip it.
        await section.Body.CopyToAsync(Stream.Null, cancellationToken);
    }

    private async Task<string> ReadFieldAsync(string expected, CancellationToken cancellationToken)
    {
        var section = await reader.ReadNextSectionAsync(cancellationToken)
            ?? throw Invalid($"The multipart request ended before its '{expected}' field: send 'operations', then 'map', then the files.");
        var disposition = section.GetContentDispositionHeader();
        var name = disposition is null ? null : HeaderUtilities.RemoveQuotes(disposition.Name).Value;
        if (!string.Equals(name, expected, StringComparison.Ordinal))
        {
            throw Invalid($"Expected the multipart field '{expected}' but got '{name ?? "(no name)"}': send 'operations', then 'map', then the files.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await section.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limits.MaxFieldBytes)
            {
                throw new MultipartRequestException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.InvalidInput, $"The '{expected}' field may be at most {limits.MaxFieldBytes / 1024} KiB.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private void Bind(string operationsJson, string mapJson, IGraphQLTextSerializer serializer)
    {
        var trimmed = operationsJson.AsSpan().TrimStart();
        if (trimmed.IsEmpty)
        {
            throw Invalid("The 'operations' field is empty: send {\"query\": \"...\", \"variables\": {...}}.");
        }

        Batched = trimmed[0] == '[';
        if (GraphQLRequestShape.Problem(operationsJson) is { } problem)
        {
            throw Invalid($"The 'operations' field is not a GraphQL request: {problem}.");
        }

        try
        {
            Requests = Batched
                ? serializer.Deserialize<GraphQLRequest?[]>(operationsJson) ?? throw Invalid("The 'operations' field is null.")
                : [serializer.Deserialize<GraphQLRequest>(operationsJson) ?? throw Invalid("The 'operations' field is null.")];
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            // The shape was checked first; the binder's own message names .NET types.
            throw Invalid("The 'operations' field is not a GraphQL request: send {\"query\": \"...\", \"variables\": {...}}.");
        }

        if (Requests.Count == 0)
        {
            throw Invalid("The 'operations' batch is empty.");
        }

        if (Requests.Count > GraphQLHttpEndpoint.MaxBatchOperations)
        {
            throw new MultipartRequestException(StatusCodes.Status400BadRequest, ErrorCodes.TooComplex, $"A batch may hold at most {GraphQLHttpEndpoint.MaxBatchOperations} operations; this one has {Requests.Count}. Send them in several requests.");
        }

        for (var i = 0; i < Requests.Count; i++)
        {
            filesByOperation.Add([]);
        }

        JsonDocument map;
        try
        {
            map = JsonDocument.Parse(mapJson);
        }
        catch (JsonException ex)
        {
            throw Invalid($"The 'map' field is not JSON: {ex.Message}");
        }

        using (map)
        {
            if (map.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("The 'map' field must be a JSON object: {\"0\": [\"variables.file\"]}.");
            }

            var variables = new Dictionary<int, Dictionary<string, object?>>();
            foreach (var entry in map.RootElement.EnumerateObject())
            {
                if (filesByName.Count >= limits.MaxFiles)
                {
                    throw Invalid($"A request may carry at most {limits.MaxFiles} files.");
                }

                if (entry.Value.ValueKind != JsonValueKind.Array || entry.Value.GetArrayLength() == 0)
                {
                    throw Invalid($"The map entry '{entry.Name}' must be a non-empty array of paths such as \"variables.file\".");
                }

                if (filesByName.ContainsKey(entry.Name))
                {
                    throw Invalid($"The map names '{entry.Name}' twice.");
                }

                if (entry.Value.GetArrayLength() > 1)
                {
                    // The spec allows it, but a file is streamed once, straight into its upload: the second variable
                    // would read nothing, and the first upload's id would be lost in the null data of the failure.
                    throw Invalid($"The map puts file '{entry.Name}' at {entry.Value.GetArrayLength()} paths; each file can fill one variable here. Send the file once per variable, as separate parts.");
                }

                var file = new MultipartFile(this, entry.Name);
                filesByName.Add(entry.Name, file);
                foreach (var pathElement in entry.Value.EnumerateArray())
                {
                    if (pathElement.ValueKind != JsonValueKind.String)
                    {
                        throw Invalid($"The map entry '{entry.Name}' must list paths as strings.");
                    }

                    var path = pathElement.GetString()!;
                    var operation = Place(path, file.Upload, variables);
                    filesByOperation[operation].Add(file);
                }
            }

            foreach (var (index, values) in variables)
            {
                Requests[index]!.Variables = values.ToInputs();
            }
        }
    }

    /// <summary>Puts <paramref name="upload"/> at a map path like <c>variables.file</c> or <c>0.variables.files.1</c>.</summary>
    private int Place(string path, UploadedFile upload, Dictionary<int, Dictionary<string, object?>> variables)
    {
        var segments = path.Split('.');
        var at = 0;
        var operation = 0;
        if (Batched)
        {
            if (segments.Length < 1 || !int.TryParse(segments[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out operation) || operation >= Requests.Count)
            {
                throw Invalid($"The map path '{path}' must start with the index of an operation in the batch, e.g. \"0.variables.file\".");
            }

            at = 1;
        }

        if (Requests[operation] is null)
        {
            throw Invalid($"The map path '{path}' points into an empty operation.");
        }

        if (segments.Length < at + 2 || segments[at] != "variables")
        {
            throw Invalid($"The map path '{path}' must point into the variables, e.g. \"{(Batched ? "0." : string.Empty)}variables.file\".");
        }

        if (!variables.TryGetValue(operation, out var root))
        {
            root = Requests[operation]!.Variables is { } existing ? new Dictionary<string, object?>(existing) : [];
            variables[operation] = root;
        }

        object container = root;
        for (var i = at + 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            switch (container)
            {
                case Dictionary<string, object?> dictionary:
                    if (last)
                    {
                        dictionary[segment] = upload;
                    }
                    else
                    {
                        container = dictionary.TryGetValue(segment, out var next) && next is Dictionary<string, object?> or List<object?>
                            ? next!
                            : throw Invalid($"The map path '{path}' does not lead to a null in the variables (at '{segment}').");
                    }

                    break;
                case List<object?> list:
                    if (!int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) || index >= list.Count)
                    {
                        throw Invalid($"The map path '{path}' does not lead to a null in the variables (list index '{segment}').");
                    }

                    if (last)
                    {
                        list[index] = upload;
                    }
                    else
                    {
                        container = list[index] is Dictionary<string, object?> or List<object?>
                            ? list[index]!
                            : throw Invalid($"The map path '{path}' does not lead to a null in the variables (at '{segment}').");
                    }

                    break;
            }
        }

        return operation;
    }

    private static MultipartRequestException Invalid(string message) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, message);
}

/// <summary>One mapped file: where its bytes are (not arrived yet, live in the body, spooled, gone) and who holds it.</summary>
internal sealed class MultipartFile : IAsyncDisposable
{
    private readonly MultipartRequest owner;
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FileStream? spool;
    private int claimed;
    private long lastActivityTicks = DateTime.UtcNow.Ticks;

    public MultipartFile(MultipartRequest owner, string name)
    {
        this.owner = owner;
        Name = name;
        Upload = new UploadedFile(string.Empty, null, Claim);
    }

    public string Name { get; }

    public UploadedFile Upload { get; }

    public MultipartSection? Section { get; private set; }

    public bool Reached { get; private set; }

    public bool Ended { get; private set; }

    public bool Claimed => Volatile.Read(ref claimed) == 1;

    public bool Released => released.Task.IsCompleted;

    public bool Abandoned { get; private set; }

    public Task ReleasedTask => released.Task;

    public DateTime LastActivity => new(Interlocked.Read(ref lastActivityTicks), DateTimeKind.Utc);

    public FileStream? Spool => spool;

    public MultipartRequest Owner => owner;

    public void Enter(MultipartSection section, string fileName, string? contentType)
    {
        Section = section;
        Reached = true;
        Upload.FileName = fileName;
        Upload.ContentType = string.IsNullOrWhiteSpace(contentType) ? null : contentType;
    }

    /// <summary>The part is about to be passed over: keep its unread rest on disk unless nobody will read it.</summary>
    public async Task LeaveLiveAsync(string? spoolDirectory, CancellationToken cancellationToken)
    {
        if (Released || Ended)
        {
            await Section!.Body.CopyToAsync(Stream.Null, cancellationToken);
            MarkEnded();
            return;
        }

        var directory = string.IsNullOrEmpty(spoolDirectory) ? Path.GetTempPath() : spoolDirectory;
        var file = new FileStream(
            Path.Combine(directory, $"callaro-upload-{Guid.NewGuid():N}.part"),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            bufferSize: 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await Section!.Body.CopyToAsync(file, 64 * 1024, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }

        spool = file;
    }

    public void MarkEnded()
    {
        Ended = true;
        Release();
    }

    public void Touch() => Interlocked.Exchange(ref lastActivityTicks, DateTime.UtcNow.Ticks);

    public void Release() => released.TrySetResult();

    public void Abandon()
    {
        Abandoned = true;
        Release();
    }

    public async ValueTask DisposeAsync()
    {
        Abandoned = true;
        Release();
        if (spool is { } s)
        {
            spool = null;
            await s.DisposeAsync();
        }
    }

    private UploadStream Claim()
    {
        if (Interlocked.Exchange(ref claimed, 1) == 1)
        {
            throw new InvalidOperationException($"Upload '{Name}' was already opened: its content can be read once.");
        }

        Touch();
        return new UploadStream(this);
    }
}

/// <summary>The forward-only stream behind <see cref="UploadedFile.Content"/>.</summary>
internal sealed class UploadStream(MultipartFile file) : Stream
{
    private long position;
    private bool disposed;

    public override bool CanRead => !disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("An upload's length is not known before it has been read.");

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException("An upload is forward-only.");
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CheckReadable();
        if (buffer.IsEmpty || file.Ended)
        {
            return Finish(0, buffer.IsEmpty);
        }

        try
        {
            await file.Owner.ReachAsync(file, cancellationToken);
            if (!file.Reached)
            {
                throw new CallaroError(ErrorCodes.InvalidInput, $"The request has no file part named '{file.Name}' (the map names it).");
            }

            while (true)
            {
                CheckReadable();
                if (file.Spool is { } spool)
                {
                    return Finish(await spool.ReadAsync(buffer, cancellationToken), false);
                }

                var read = await file.Owner.ReadLiveAsync(file, buffer, cancellationToken);
                if (read >= 0)
                {
                    return Finish(read, false);
                }

                if (file.Ended)
                {
                    return Finish(0, false);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        CheckReadable();
        if (buffer.IsEmpty || file.Ended)
        {
            return Finish(0, buffer.IsEmpty);
        }

        try
        {
            file.Owner.ReachAsync(file, CancellationToken.None).GetAwaiter().GetResult();
            if (!file.Reached)
            {
                throw new CallaroError(ErrorCodes.InvalidInput, $"The request has no file part named '{file.Name}' (the map names it).");
            }

            while (true)
            {
                CheckReadable();
                if (file.Spool is { } spool)
                {
                    return Finish(spool.Read(buffer), false);
                }

                var read = file.Owner.ReadLive(file, buffer);
                if (read >= 0)
                {
                    return Finish(read, false);
                }

                if (file.Ended)
                {
                    return Finish(0, false);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An upload is forward-only.");

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (!disposed)
        {
            disposed = true;
            file.Release();
        }

        base.Dispose(disposing);
    }

    private int Finish(int read, bool emptyBuffer)
    {
        file.Touch();
        position += read;
        if (read == 0 && !emptyBuffer)
        {
            file.MarkEnded();
        }

        return read;
    }

    private void CheckReadable()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (file.Abandoned && !file.Ended)
        {
            throw new IOException($"Upload '{file.Name}' is no longer readable: the request it came with has finished.");
        }
    }

    private CallaroError TooLarge() =>
        new(ErrorCodes.UploadTooLarge, $"The upload is larger than this server accepts ({ByteSizes.Describe(file.Owner.Limits.MaxUploadBytes)} per request).");
}
