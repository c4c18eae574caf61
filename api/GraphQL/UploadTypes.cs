using Callaro.Api.Data;
using Callaro.Contracts;
using Callaro.Pipeline;
using GraphQL;
using GraphQL.Types;

namespace Callaro.Api.GraphQL;

public sealed class UploadStatusEnum : ContractEnum<UploadStatus>
{
    public UploadStatusEnum()
        : base("UploadStatus")
    {
    }
}

public sealed class DuplicatePolicyEnum : ContractEnum<DuplicatePolicy>
{
    public DuplicatePolicyEnum()
        : base("DuplicatePolicy")
    {
    }
}

public sealed class DuplicateKeyEnum : ContractEnum<DuplicateKey>
{
    public DuplicateKeyEnum()
        : base("DuplicateKey")
    {
    }
}

public sealed class ContactFieldEnum : ContractEnum<ContactField>
{
    public ContactFieldEnum()
        : base("ContactField")
    {
    }
}

public sealed class RejectReasonEnum : ContractEnum<RejectReason>
{
    public RejectReasonEnum()
        : base("RejectReason")
    {
    }
}

public sealed class SeverityEnum : ContractEnum<Severity>
{
    public SeverityEnum()
        : base("Severity")
    {
    }
}

/// <summary>The contract's ErrorCode, as a type (UploadError.code).</summary>
public sealed class ErrorCodeEnum : EnumerationGraphType
{
    public static readonly string[] Codes =
    [
        ErrorCodes.Unauthenticated, ErrorCodes.Forbidden, ErrorCodes.NotFound, ErrorCodes.InvalidInput, ErrorCodes.InvalidTransition,
        ErrorCodes.VersionConflict, ErrorCodes.NotReady, ErrorCodes.UploadTooLarge, ErrorCodes.UnsupportedFile, ErrorCodes.MalformedCsv,
        ErrorCodes.TooComplex, ErrorCodes.RateLimited, ErrorCodes.Internal,
    ];

    public ErrorCodeEnum()
    {
        Name = "ErrorCode";
        foreach (var code in Codes)
        {
            Add(code, code);
        }
    }
}

public sealed class UploadErrorType : ObjectGraphType<Fault>
{
    public UploadErrorType()
    {
        Name = "UploadError";
        Field<NonNullGraphType<ErrorCodeEnum>>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
    }
}

public sealed class ColumnMappingType : ObjectGraphType<ColumnMapping>
{
    public ColumnMappingType()
    {
        Name = "ColumnMapping";
        Field<NonNullGraphType<StringGraphType>>("column").Resolve(c => c.Source.Column);
        Field<NonNullGraphType<ContactFieldEnum>>("field").Resolve(c => c.Source.Field);
        Field<StringGraphType>("customKey").Resolve(c => c.Source.CustomKey);
        Field<FloatGraphType>("confidence").Resolve(c => c.Source.Confidence);
    }
}

public sealed class UploadOptionsType : ObjectGraphType<UploadOptions>
{
    public UploadOptionsType()
    {
        Name = "UploadOptions";
        Field<NonNullGraphType<DuplicatePolicyEnum>>("duplicatePolicy").Resolve(c => c.Source.DuplicatePolicy);
        Field<NonNullGraphType<DuplicateKeyEnum>>("duplicateKey").Resolve(c => c.Source.DuplicateKey);
        Field<NonNullGraphType<StringGraphType>>("defaultRegion").Resolve(c => c.Source.DefaultRegion);
        Field<NonNullGraphType<BooleanGraphType>>("requireConsent").Resolve(c => c.Source.RequireConsent);
        Field<NonNullGraphType<BooleanGraphType>>("checkActiveCampaigns").Resolve(c => c.Source.CheckActiveCampaigns);
    }
}

public sealed class RowIssueType : ObjectGraphType<RowIssue>
{
    public RowIssueType()
    {
        Name = "RowIssue";
        Field<NonNullGraphType<RejectReasonEnum>>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<SeverityEnum>>("severity").Resolve(c => c.Source.Severity);
        Field<StringGraphType>("column").Resolve(c => c.Source.Column);
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
    }
}

public sealed class PreviewCellType : ObjectGraphType<PreviewCell>
{
    public PreviewCellType()
    {
        Name = "PreviewCell";
        Field<NonNullGraphType<StringGraphType>>("column").Resolve(c => c.Source.Column);
        Field<NonNullGraphType<StringGraphType>>("value").Resolve(c => c.Source.Value);
        Field<StringGraphType>("normalized").Resolve(c => c.Source.Normalized);
        Field<ContactFieldEnum>("field").Resolve(c => c.Source.Field);
    }
}

public sealed class PreviewRowType : ObjectGraphType<PreviewRow>
{
    public PreviewRowType()
    {
        Name = "PreviewRow";
        Field<NonNullGraphType<LongGraphType>>("rowNumber").Resolve(c => c.Source.RowNumber);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PreviewCellType>>>>("cells").Resolve(c => c.Source.Cells);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RowIssueType>>>>("issues").Resolve(c => c.Source.Issues);
    }
}

public sealed class UploadProgressType : ObjectGraphType<UploadProgress>
{
    public UploadProgressType()
    {
        Name = "UploadProgress";
        Field<NonNullGraphType<LongGraphType>>("rowsRead").Resolve(c => c.Source.RowsRead);
        Field<NonNullGraphType<LongGraphType>>("rowsValidated").Resolve(c => c.Source.RowsValidated);
        Field<NonNullGraphType<IntGraphType>>("chunksTotal").Resolve(c => c.Source.ChunksTotal);
        Field<NonNullGraphType<IntGraphType>>("chunksDone").Resolve(c => c.Source.ChunksDone);
    }
}

public sealed class ReasonCountType : ObjectGraphType<ReasonCount>
{
    public ReasonCountType()
    {
        Name = "ReasonCount";
        Field<NonNullGraphType<RejectReasonEnum>>("reason").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<LongGraphType>>("count").Resolve(c => c.Source.Count);
    }
}

public sealed class UploadCountsType : ObjectGraphType<UploadCounts>
{
    public UploadCountsType()
    {
        Name = "UploadCounts";
        Field<NonNullGraphType<LongGraphType>>("totalRows").Resolve(c => c.Source.TotalRows);
        Field<NonNullGraphType<LongGraphType>>("accepted").Resolve(c => c.Source.Accepted);
        Field<NonNullGraphType<LongGraphType>>("rejected").Resolve(c => c.Source.Rejected);
        Field<NonNullGraphType<LongGraphType>>("duplicates").Resolve(c => c.Source.Duplicates);
        Field<NonNullGraphType<LongGraphType>>("suppressed").Resolve(c => c.Source.Suppressed);
        Field<NonNullGraphType<LongGraphType>>("warnings").Resolve(c => c.Source.Warnings);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReasonCountType>>>>("byReason")
            .Description("Excluded rows by their first reason: adds up to rejected + duplicates + suppressed.")
            .Resolve(c => c.Source.ByReason);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReasonCountType>>>>("warningsByReason")
            .Description("Warnings carried by accepted rows, by reason (a row may carry several).")
            .Resolve(c => c.Source.WarningsByReason);
        Field<NonNullGraphType<LongGraphType>>("timezoneMissing")
            .Description("Accepted contacts with no time zone (a CONTACT_LOCAL schedule cannot call them).")
            .Resolve(c => c.Source.TimezoneMissing);
        Field<NonNullGraphType<LongGraphType>>("suppressedSinceStaging")
            .Description("Contacts that became suppressed after the upload was staged (re-checked at attach and launch).")
            .Resolve(c => c.Source.SuppressedSinceStaging);
    }
}

public sealed class RejectionType : ObjectGraphType<RejectionNode>
{
    public RejectionType()
    {
        Name = "Rejection";
        Field<NonNullGraphType<LongGraphType>>("rowNumber").Resolve(c => c.Source.RowNumber);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RejectReasonEnum>>>>("reasons").Resolve(c => c.Source.Reasons);
        Field<NonNullGraphType<JsonScalar>>("values").Description("The row as it is in the file: column -> value.").Resolve(c => c.Source.Values);
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
    }
}

public sealed class RejectionConnectionType : ObjectGraphType<Connection<RejectionNode>>
{
    public RejectionConnectionType()
    {
        Name = "RejectionConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RejectionType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<LongGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}

public sealed class SameFileNoticeType : ObjectGraphType<SameFileNotice>
{
    public SameFileNoticeType()
    {
        Name = "SameFileNotice";
        Description = "An earlier upload of exactly the same bytes (same sha256) in this org.";
        Field<NonNullGraphType<IdGraphType>>("uploadId").Resolve(c => c.Source.UploadId);
        Field<NonNullGraphType<IdGraphType>>("campaignId").Resolve(c => c.Source.CampaignId);
        Field<StringGraphType>("campaignName").Resolve(c => c.Source.CampaignName);
        Field<NonNullGraphType<DateTimeScalar>>("receivedAt").Resolve(c => c.Source.ReceivedAt);
        Field<NonNullGraphType<UploadStatusEnum>>("status").Resolve(c => c.Source.Status);
    }
}

public sealed class AcknowledgementType : ObjectGraphType<Acknowledgement>
{
    public AcknowledgementType()
    {
        Name = "RejectionAcknowledgement";
        Field<NonNullGraphType<IdGraphType>>("userId").Resolve(c => c.Source.UserId);
        Field<NonNullGraphType<DateTimeScalar>>("at").Resolve(c => c.Source.At);
        Field<StringGraphType>("note").Resolve(c => c.Source.Note);
        Field<NonNullGraphType<LongGraphType>>("excludedRows").Resolve(c => c.Source.ExcludedRows);
    }
}

public sealed class ContactUploadType : ObjectGraphType<UploadView>
{
    public ContactUploadType()
    {
        Name = "ContactUpload";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IdGraphType>>("campaignId").Resolve(c => c.Source.CampaignId);
        Field<NonNullGraphType<StringGraphType>>("fileName").Resolve(c => c.Source.FileName);
        Field<NonNullGraphType<LongGraphType>>("sizeBytes").Resolve(c => c.Source.SizeBytes);
        Field<NonNullGraphType<StringGraphType>>("sha256").Resolve(c => c.Source.Sha256);
        Field<NonNullGraphType<UploadStatusEnum>>("status").Resolve(c => c.Source.Status);
        Field<UploadErrorType>("error").Resolve(c => c.Source.Error);
        Field<NonNullGraphType<StringGraphType>>("encoding").Resolve(c => c.Source.Encoding);
        Field<NonNullGraphType<StringGraphType>>("delimiter").Resolve(c => c.Source.Delimiter);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("columns").Resolve(c => c.Source.Columns);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ColumnMappingType>>>>("suggestedMapping").Resolve(c => c.Source.SuggestedMapping);
        Field<ListGraphType<NonNullGraphType<ColumnMappingType>>>("mapping").Resolve(c => c.Source.Mapping);
        Field<NonNullGraphType<BooleanGraphType>>("mappingFromMemory")
            .Description("The suggestion is the mapping this org confirmed before for the same headers.")
            .Resolve(c => c.Source.MappingFromMemory);
        Field<NonNullGraphType<UploadOptionsType>>("options").Resolve(c => c.Source.Options);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PreviewRowType>>>>("preview")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 20)
            .ResolveAsync(async c => await c.Grains().GetGrain<IContactUploadGrain>(GrainKeys.Scoped(c.Source.OrgId, c.Source.Id)).GetPreviewAsync(c.GetArgument("first", 20)));
        Field<NonNullGraphType<UploadProgressType>>("progress").Resolve(c => c.Source.Progress);
        Field<UploadCountsType>("counts").Resolve(c => c.Source.Counts);
        Field<NonNullGraphType<RejectionConnectionType>>("rejections")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<StringGraphType>("after")
            .Argument<RejectReasonEnum>("reason")
            .ResolveAsync(async c => await c.GetService<ReadModels>().RejectionsAsync(
                c.Caller().OrgId, c.Source, c.GetArgument("first", 50), c.GetArgument<string?>("after"), c.GetArgument<RejectReason?>("reason"), c.CancellationToken));
        Field<StringGraphType>("rejectionReportUrl")
            .Description("CSV of every excluded row: original values, row number, reason codes, messages. Send the same Authorization header.")
            .Resolve(c => c.Source.Counts is null ? null : ApiLinks.RejectionReport(c.GetService<IHttpContextAccessor>().HttpContext, c.Source.Id));
        Field<NonNullGraphType<BooleanGraphType>>("rejectionsAcknowledged").Resolve(c => c.Source.Acknowledgement is not null);
        Field<AcknowledgementType>("rejectionsAcknowledgement").Resolve(c => c.Source.Acknowledgement);
        Field<SameFileNoticeType>("sameFileAs").Description("Set when this org uploaded exactly the same file before.").Resolve(c => c.Source.SameFileAs);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("notes").Description("What was assumed or noticed while reading the file.").Resolve(c => c.Source.Notes);
        Field<NonNullGraphType<IntGraphType>>("validationRun").Description("Increases each time the mapping is confirmed (re-validation).").Resolve(c => c.Source.ValidationRun);
        Field<NonNullGraphType<DateTimeScalar>>("receivedAt").Resolve(c => c.Source.ReceivedAt);
        Field<DateTimeScalar>("mappedAt").Resolve(c => c.Source.MappedAt);
        Field<DateTimeScalar>("stagedAt").Resolve(c => c.Source.StagedAt);
        Field<DateTimeScalar>("attachedAt").Resolve(c => c.Source.AttachedAt);
        Field<DateTimeScalar>("inDirectoryAt")
            .Description("When the attached contacts reached the org contact directory (saveDraft answers first; null until then).")
            .Resolve(c => c.Source.InDirectoryAt);
        Field<DateTimeScalar>("consumedAt").Resolve(c => c.Source.ConsumedAt);
        Field<NonNullGraphType<DateTimeScalar>>("updatedAt").Resolve(c => c.Source.UpdatedAt);
    }
}

public sealed class UploadOptionsInputType : InputObjectGraphType<UploadOptionsPatch>
{
    public UploadOptionsInputType()
    {
        Name = "UploadOptionsInput";
        Field<DuplicatePolicyEnum>("duplicatePolicy");
        Field<DuplicateKeyEnum>("duplicateKey");
        Field<StringGraphType>("defaultRegion");
        Field<BooleanGraphType>("requireConsent");
        Field<BooleanGraphType>("checkActiveCampaigns");
        Field<StringGraphType>("encoding");
        Field<StringGraphType>("delimiter");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new UploadOptionsPatch(
        value.TryGetValue("duplicatePolicy", out var p) ? p as DuplicatePolicy? : null,
        value.TryGetValue("duplicateKey", out var k) ? k as DuplicateKey? : null,
        value.TryGetValue("defaultRegion", out var r) ? r as string : null,
        value.TryGetValue("requireConsent", out var c) ? c as bool? : null,
        value.TryGetValue("checkActiveCampaigns", out var a) ? a as bool? : null,
        value.TryGetValue("encoding", out var e) ? e as string : null,
        value.TryGetValue("delimiter", out var d) ? d as string : null);
}

public sealed class ColumnMappingInputType : InputObjectGraphType<ColumnMapping>
{
    public ColumnMappingInputType()
    {
        Name = "ColumnMappingInput";
        Field<NonNullGraphType<StringGraphType>>("column");
        Field<NonNullGraphType<ContactFieldEnum>>("field");
        Field<StringGraphType>("customKey");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new ColumnMapping(
        (string)value["column"]!,
        (ContactField)value["field"]!,
        value.TryGetValue("customKey", out var key) ? key as string : null);
}

public static class ApiLinks
{
    public static string RejectionReport(HttpContext? http, string uploadId)
    {
        var path = $"/uploads/{Uri.EscapeDataString(uploadId)}/rejections.csv";
        return http is null ? path : $"{http.Request.Scheme}://{http.Request.Host}{path}";
    }
}
