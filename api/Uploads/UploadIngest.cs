using Callaro.Api.GraphQL;
using Callaro.Contracts;
using Callaro.Grains.Storage;
using Callaro.Grains.Uploads;

namespace Callaro.Api.Uploads;

/// <summary>
/// Upload limits on the api (section <c>Callaro</c>). The size limit is not here: it is
/// <see cref="UploadSettings.MaxBytes"/> (<c>Callaro:Uploads:MaxBytes</c>), one setting for the api and the silos.
/// </summary>
public sealed record UploadLimits
{
    /// <summary>Uploads of one org that may be receiving or validating at once.</summary>
    public int MaxConcurrentUploadsPerOrg { get; init; } = 3;

    /// <summary>Bytes per grain call while streaming.</summary>
    public int PieceBytes { get; init; } = 1 << 20;
}

/// <summary>
/// Streams a file into a new upload of a campaign: pieces of at most <see cref="UploadLimits.PieceBytes"/>
/// go to the upload grain as they are read, so the api never holds the file. Stops reading as soon as
/// the grain refuses (too large, unsupported file).
/// </summary>
public sealed class UploadIngest(IClusterClient grains, UploadStore uploads, UploadLimits limits, UploadSettings settings)
{
    /// <param name="declaredSize">The file's exact size when the client declared it (a bigger one is refused at once).</param>
    /// <param name="sizeHint">An upper bound on the size (the request's length), for sizing working memory only.</param>
    public async Task<UploadView> IngestAsync(Actor caller, string campaignId, string fileName, Stream content, UploadOptionsPatch? options, long? declaredSize, long? sizeHint, CancellationToken cancellationToken)
    {
        if (declaredSize > settings.MaxBytes)
        {
            throw new CallaroError(ErrorCodes.UploadTooLarge, $"The file is {ByteSizes.Describe(declaredSize.Value)}; the limit is {ByteSizes.Describe(settings.MaxBytes)}. Split it into smaller files.");
        }

        if (await uploads.CountHoldingSlotsAsync(caller.OrgId, cancellationToken) >= limits.MaxConcurrentUploadsPerOrg)
        {
            throw new CallaroError(ErrorCodes.RateLimited, $"Your org already has {limits.MaxConcurrentUploadsPerOrg} uploads receiving or validating; wait for one to finish.");
        }

        var campaign = grains.GetGrain<ICampaignGrain>(GrainKeys.Scoped(caller.OrgId, campaignId));
        var uploadId = (await campaign.StartUploadAsync(caller)).Unwrap();
        var upload = grains.GetGrain<IContactUploadGrain>(GrainKeys.Scoped(caller.OrgId, uploadId));
        (await upload.BeginAsync(campaignId, fileName, options, declaredSize, sizeHint ?? declaredSize, caller)).Unwrap();

        try
        {
            // One buffer for the whole file: the api is an Orleans client, so a piece is serialized onto the wire
            // before AppendAsync can answer, and the buffer is free again when it does. Fresh 1 MiB arrays per
            // piece made the api collect garbage for every megabyte received.
            var buffer = new byte[limits.PieceBytes];
            while (true)
            {
                var filled = await FillAsync(content, buffer, cancellationToken);
                if (filled == 0)
                {
                    break;
                }

                var piece = filled == buffer.Length ? buffer : buffer[..filled];
                var status = (await upload.AppendAsync(piece)).Unwrap();
                if (status == UploadStatus.Error && (await upload.GetAsync())?.Error is { } failed)
                {
                    throw new CallaroError(failed);
                }

            }

            return (await upload.CompleteAsync()).Unwrap();
        }
        catch (CallaroError error) when (error.Code == ErrorCodes.UploadTooLarge)
        {
            // The transport stopped reading at the limit: nothing more will come.
            await upload.AbortAsync(error.Code, error.Message);
            throw;
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == Microsoft.AspNetCore.Http.StatusCodes.Status413PayloadTooLarge)
        {
            // A body without a declared length, cut off by the transport at the limit.
            var error = new CallaroError(ErrorCodes.UploadTooLarge, $"The file is larger than the limit of {ByteSizes.Describe(settings.MaxBytes)}; split it into smaller files.");
            await upload.AbortAsync(error.Code!, error.Message);
            throw error;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            await upload.AbortAsync(ErrorCodes.Internal, "The connection ended before the whole file arrived; upload the file again.");
            throw new CallaroError(ErrorCodes.InvalidInput, $"The file did not arrive completely ({ex.Message}); upload it again.");
        }
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}
