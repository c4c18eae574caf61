using System.Security.Cryptography;
using Callaro.Api.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace Callaro.Api.Transport;

/// <summary>
/// A diagnostic mutation, only in the schema when <c>Callaro:EnableUploadProbe</c> is true:
/// <c>uploadProbe(files: [Upload!]!, maxBytes: Long): [UploadProbeFile!]!</c> reads each file (in the order
/// given, up to <c>maxBytes</c>) and reports what arrived, so the multipart transport can be checked end to end
/// without touching any data.
/// </summary>
public static class MultipartUploadProbe
{
    public static MutationType AddTo(MutationType mutation)
    {
        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<UploadProbeFileType>>>>("uploadProbe")
            .Description("Diagnostics (Callaro:EnableUploadProbe): reads each file in the order given and reports its name, size and SHA-256.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<UploadGraphType>>>>("files")
            .Argument<LongGraphType>("maxBytes", "Stop reading each file after this many bytes (the rest is discarded).")
            .ResolveAsync(async c =>
            {
                c.Caller();
                var maxBytes = c.GetArgument<long?>("maxBytes") ?? long.MaxValue;
                var files = c.GetArgument<List<UploadedFile>>("files");
                var report = new List<UploadProbeFile>();
                foreach (var file in files)
                {
                    var started = DateTimeOffset.UtcNow;
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    var buffer = new byte[64 * 1024];
                    long total = 0;
                    await using (var content = file.Content)
                    {
                        while (total < maxBytes)
                        {
                            var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, maxBytes - total)), c.CancellationToken);
                            if (read == 0)
                            {
                                break;
                            }

                            hash.AppendData(buffer, 0, read);
                            total += read;
                        }
                    }

                    report.Add(new UploadProbeFile(file.FileName, file.ContentType, total, Convert.ToHexStringLower(hash.GetHashAndReset()), started));
                }

                return report;
            });
        return mutation;
    }
}

public sealed record UploadProbeFile(string FileName, string? ContentType, long Bytes, string Sha256, DateTimeOffset StartedAt);

public sealed class UploadProbeFileType : ObjectGraphType<UploadProbeFile>
{
    public UploadProbeFileType()
    {
        Name = "UploadProbeFile";
        Field<NonNullGraphType<StringGraphType>>("fileName").Resolve(c => c.Source.FileName);
        Field<StringGraphType>("contentType").Resolve(c => c.Source.ContentType);
        Field<NonNullGraphType<LongGraphType>>("bytes").Resolve(c => c.Source.Bytes);
        Field<NonNullGraphType<StringGraphType>>("sha256").Resolve(c => c.Source.Sha256);
        Field<NonNullGraphType<DateTimeScalar>>("startedAt").Resolve(c => c.Source.StartedAt);
    }
}
