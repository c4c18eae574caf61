using System.Text.Json;
using Callaro.Api.Auth;
using Callaro.Api.Data;
using Callaro.Api.GraphQL;
using Callaro.Contracts;
using Callaro.Grains.Uploads;
using Callaro.Pipeline;
using Callaro.Pipeline.Reporting;
using Microsoft.AspNetCore.Http.Features;

namespace Callaro.Api.Uploads;

/// <summary>
/// Plain HTTP for scripts: <c>PUT /uploads?campaignId=…&amp;fileName=…</c> streams a raw CSV body into a new
/// upload (same options as UploadOptionsInput, as query parameters) and answers the upload as JSON;
/// <c>GET /uploads/{id}/rejections.csv</c> streams the rejection report. Both need the Bearer key.
/// </summary>
public static class UploadEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new ContractEnumConverterFactory() },
    };

    private static readonly string[] PutParameters =
        ["campaignId", "fileName", "duplicatePolicy", "duplicateKey", "defaultRegion", "requireConsent", "checkActiveCampaigns", "encoding", "delimiter"];

    public static void MapUploadEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPut("/uploads", PutAsync);
        app.MapGet("/uploads/{uploadId}/rejections.csv", ReportAsync);
    }

    private static async Task<IResult> PutAsync(HttpContext http, RequestCallers callers, UploadIngest ingest, UploadSettings uploads, RateLimits rates)
    {
        var (caller, why) = await callers.AuthenticateAsync(http.Request);
        if (caller is null)
        {
            return Error(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, why);
        }

        if (!caller.Has(Role.SalesOps))
        {
            return Error(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Uploading needs the SALES_OPS role.");
        }

        if (rates.TryUpload(caller) is { } refused)
        {
            return Error(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, refused);
        }

        var query = http.Request.Query;
        if (query.Keys.FirstOrDefault(k => !PutParameters.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            // A misspelt option would otherwise be dropped silently and its default used.
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, $"Unknown parameter '{unknown}'. PUT /uploads takes: {string.Join(", ", PutParameters)}.");
        }

        var campaignId = query["campaignId"].ToString();
        if (!GrainKeys.IsValidId(campaignId))
        {
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, "campaignId is required: PUT /uploads?campaignId=cmp_…&fileName=contacts.csv");
        }

        UploadOptionsPatch options;
        try
        {
            options = new UploadOptionsPatch(
                Parse<DuplicatePolicy>(query["duplicatePolicy"]),
                Parse<DuplicateKey>(query["duplicateKey"]),
                NullIfEmpty(query["defaultRegion"]),
                ParseBool(query["requireConsent"]),
                ParseBool(query["checkActiveCampaigns"]),
                NullIfEmpty(query["encoding"]),
                NullIfEmpty(query["delimiter"]));
        }
        catch (FormatException ex)
        {
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, ex.Message);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = uploads.MaxBytes + 1;
        }

        try
        {
            var fileName = NullIfEmpty(query["fileName"]) ?? "upload.csv";
            var view = await ingest.IngestAsync(caller, campaignId, fileName, http.Request.Body, options, http.Request.ContentLength, null, http.RequestAborted);
            return Results.Json(view, Json, statusCode: StatusCodes.Status201Created);
        }
        catch (CallaroError error)
        {
            var status = error.Code switch
            {
                ErrorCodes.NotFound => StatusCodes.Status404NotFound,
                ErrorCodes.UploadTooLarge => StatusCodes.Status413PayloadTooLarge,
                ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
                ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
                ErrorCodes.InvalidTransition => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            return Error(status, error.Code!, error.Message);
        }
    }

    private static async Task ReportAsync(HttpContext http, string uploadId, RequestCallers callers, IClusterClient grains, ReadModels reads)
    {
        var (caller, why) = await callers.AuthenticateAsync(http.Request);
        if (caller is null)
        {
            await Error(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, why).ExecuteAsync(http);
            return;
        }

        var upload = GrainKeys.IsValidId(uploadId) ? await grains.GetGrain<IContactUploadGrain>(GrainKeys.Scoped(caller.OrgId, uploadId)).GetAsync() : null;
        if (upload is null)
        {
            await Error(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Upload {uploadId} does not exist.").ExecuteAsync(http);
            return;
        }

        if (upload.Counts is null)
        {
            await Error(StatusCodes.Status409Conflict, ErrorCodes.InvalidTransition, $"The upload is {ContractNames.Of(upload.Status)}: the report exists once it is STAGED.").ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        var name = Path.GetFileNameWithoutExtension(upload.FileName);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}-rejections.csv\"";
        await reads.WriteReportAsync(caller.OrgId, upload, http.Response.Body, http.RequestAborted);
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { errors = new[] { new { message, extensions = new { code } } } }, statusCode: status);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool? ParseBool(string? value) => string.IsNullOrWhiteSpace(value)
        ? null
        : bool.TryParse(value, out var b) ? b : throw new FormatException($"'{value}' is not true or false.");

    private static T? Parse<T>(string? value)
        where T : struct, Enum =>
        string.IsNullOrWhiteSpace(value)
            ? null
            : ContractNames.TryParse<T>(value, out var parsed) ? parsed : throw new FormatException($"'{value}' is not a {typeof(T).Name} ({string.Join(", ", Enum.GetValues<T>().Select(v => ContractNames.Of(v)))}).");
}

/// <summary>Writes enums the way the GraphQL contract spells them (KEEP_FIRST, PHONE_INVALID...).</summary>
public sealed class ContractEnumConverterFactory : System.Text.Json.Serialization.JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override System.Text.Json.Serialization.JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (System.Text.Json.Serialization.JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : System.Text.Json.Serialization.JsonConverter<T>
        where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ContractNames.TryParse<T>(reader.GetString(), out var value) ? value : throw new JsonException($"Unknown {typeof(T).Name}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(EnumNames.Constant(value));
    }
}
