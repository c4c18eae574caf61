using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Callaro.TestSupport;

/// <summary>
/// A GraphQL multipart request body built piece by piece and sent as a stream: files can be generated on
/// the fly (no test holds a large file in memory) and the sender can pause between pieces.
/// </summary>
public sealed class MultipartBody
{
    public const string Boundary = "callaro-test-boundary-7MA4YWxkTrZu0gW";

    private readonly List<Func<Stream, CancellationToken, Task>> pieces = [];
    private long length;

    /// <summary>Sends Content-Length when true (the default); chunked transfer otherwise.</summary>
    public bool KnownLength { get; set; } = true;

    public MultipartBody Field(string name, string value)
    {
        Text($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        return this;
    }

    public MultipartBody Operations(object operations) => Field("operations", JsonSerializer.Serialize(operations));

    public MultipartBody Map(object map) => Field("map", JsonSerializer.Serialize(map));

    public MultipartBody File(string name, string fileName, string contentType, byte[] content)
    {
        FileHeader(name, fileName, contentType);
        Bytes(content);
        Text("\r\n");
        return this;
    }

    /// <summary>A file of <paramref name="size"/> pseudo-random bytes made while sending; returns its SHA-256.</summary>
    public string GeneratedFile(string name, string fileName, string contentType, long size, int seed)
    {
        FileHeader(name, fileName, contentType);
        var hash = Sha256(Generate(size, seed));
        length += size;
        pieces.Add(async (stream, token) =>
        {
            foreach (var chunk in Generate(size, seed))
            {
                await stream.WriteAsync(chunk, token);
            }
        });
        Text("\r\n");
        return hash;
    }

    public MultipartBody FileHeader(string name, string fileName, string contentType)
    {
        Text($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\nContent-Type: {contentType}\r\n\r\n");
        return this;
    }

    public MultipartBody Bytes(byte[] bytes)
    {
        length += bytes.Length;
        pieces.Add((stream, token) => stream.WriteAsync(bytes, token).AsTask());
        return this;
    }

    public MultipartBody Text(string text) => Bytes(Encoding.UTF8.GetBytes(text));

    /// <summary>Flushes what was written so far, then runs <paramref name="pause"/> before sending the rest.</summary>
    public MultipartBody Pause(Func<Task> pause)
    {
        pieces.Add(async (stream, token) =>
        {
            await stream.FlushAsync(token);
            await pause();
        });
        return this;
    }

    public MultipartBody End() => Text($"--{Boundary}--\r\n");

    public HttpContent ToContent(bool preflight = true)
    {
        var content = new PieceContent(pieces, KnownLength ? length : null);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        if (preflight)
        {
            content.Headers.TryAddWithoutValidation("GraphQL-Preflight", "1");
        }

        return content;
    }

    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        foreach (var piece in pieces)
        {
            piece(stream, CancellationToken.None).GetAwaiter().GetResult();
        }

        return stream.ToArray();
    }

    public static IEnumerable<byte[]> Generate(long size, int seed)
    {
        var random = new Random(seed);
        var chunk = new byte[64 * 1024];
        for (long sent = 0; sent < size; sent += chunk.Length)
        {
            var count = (int)Math.Min(chunk.Length, size - sent);
            random.NextBytes(chunk);
            yield return count == chunk.Length ? chunk : chunk[..count];
        }
    }

    public static string Sha256(IEnumerable<byte[]> chunks)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in chunks)
        {
            hash.AppendData(chunk);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed class PieceContent(List<Func<Stream, CancellationToken, Task>> pieces, long? length) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            foreach (var piece in pieces)
            {
                await piece(stream, cancellationToken);
            }
        }

        protected override bool TryComputeLength(out long computed)
        {
            computed = length ?? 0;
            return length.HasValue;
        }
    }
}
