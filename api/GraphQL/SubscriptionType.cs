using Callaro.Api.Events;
using Callaro.Contracts;
using Callaro.Db;
using GraphQL;
using GraphQL.Types;

namespace Callaro.Api.GraphQL;

/// <summary>Turns successive upload reads into events, remembering the status before each.</summary>
public sealed class UploadEventTracker
{
    private UploadStatus? last;
    private (DateTimeOffset Updated, long Rows, int Chunks, long Read)? seen;

    /// <summary>
    /// The event for a notice: a transition notice (it names the status and the one before) always makes an
    /// event with those statuses, so no status is skipped even when the upload has already moved on; progress
    /// and resync notices make one only when something changed. <c>upload</c> is always the latest state.
    /// </summary>
    public object? Next(ChangeNotice? notice, UploadView? view)
    {
        if (view is null)
        {
            return null;
        }

        var key = (view.UpdatedAt, view.Progress.RowsValidated, view.Progress.ChunksDone, view.Progress.RowsRead);
        if (notice is { Status: { } status, PreviousStatus: { } previous }
            && Pipeline.Reporting.ContractNames.TryParse<UploadStatus>(status, out var now)
            && Pipeline.Reporting.ContractNames.TryParse<UploadStatus>(previous, out var before))
        {
            last = now;
            seen = key;
            return new UploadEvent(view, now, before, DateTimeOffset.UtcNow);
        }

        if (seen == key)
        {
            return null;
        }

        var evt = new UploadEvent(view, view.Status, last, DateTimeOffset.UtcNow);
        last = view.Status;
        seen = key;
        return evt;
    }

    /// <summary>CONSUMED, SUPERSEDED and ERROR never change again: the stream completes after them.</summary>
    public bool IsFinal(object value) =>
        value is UploadEvent { Status: UploadStatus.Consumed or UploadStatus.Superseded or UploadStatus.Error };
}

/// <summary>
/// One read per notice, however many subscribers watch the object: the feed hands the same notice
/// instance to each of them, so the first reader's answer serves the rest.
/// </summary>
public static class SharedReads
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ChangeNotice, object> Reads = new();

    public static Task<T?> ReadAsync<T>(ChangeNotice notice, Func<Task<T?>> read)
        where T : class =>
        (Task<T?>)Reads.GetValue(notice, _ => read());
}

public sealed record UploadEvent(UploadView Upload, UploadStatus Status, UploadStatus? PreviousStatus, DateTimeOffset At);

public sealed class UploadEventType : ObjectGraphType<UploadEvent>
{
    public UploadEventType()
    {
        Name = "UploadEvent";
        Field<NonNullGraphType<ContactUploadType>>("upload").Resolve(c => c.Source.Upload);
        Field<NonNullGraphType<UploadStatusEnum>>("status").Resolve(c => c.Source.Status);
        Field<UploadStatusEnum>("previousStatus").Resolve(c => c.Source.PreviousStatus);
        Field<NonNullGraphType<DateTimeScalar>>("at").Resolve(c => c.Source.At);
    }
}

public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";

        Field<NonNullGraphType<CampaignType>>("campaignUpdated")
            .Description("Any change to the draft, readiness included. The current state comes first.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveStreamAsync(async c =>
            {
                var caller = c.Caller();
                var id = c.Id("campaignId");
                var grains = c.Grains();
                var feed = c.GetService<ChangeFeed>();
                var grain = grains.GetGrain<ICampaignGrain>(GrainKeys.Scoped(caller.OrgId, id));
                _ = await TransientReads.RetryAsync(grain.GetAsync, c.CancellationToken) ?? throw new CallaroError(ErrorCodes.NotFound, $"Campaign {id} does not exist.");
                await feed.Listening;
                return new ChannelObservable<ChangeNotice, object>(
                    token => feed.Subscribe(ChangeNotice.CampaignKind, caller.OrgId, id, token),
                    async (notice, _) => await SharedReads.ReadAsync(notice, () => TransientReads.RetryAsync(grain.GetAsync, CancellationToken.None)),
                    async token => await TransientReads.RetryAsync(grain.GetAsync, token));
            });

        Field<NonNullGraphType<UploadEventType>>("uploadStatusChanged")
            .Description("Every status change, and progress at most every 250 ms while VALIDATING. The current state comes first; the stream completes after a final state (CONSUMED, SUPERSEDED, ERROR).")
            .Argument<NonNullGraphType<IdGraphType>>("uploadId")
            .ResolveStreamAsync(async c =>
            {
                var caller = c.Caller();
                var id = c.Id("uploadId");
                var feed = c.GetService<ChangeFeed>();
                var grain = c.Grains().GetGrain<IContactUploadGrain>(GrainKeys.Scoped(caller.OrgId, id));
                _ = await TransientReads.RetryAsync(grain.GetAsync, c.CancellationToken) ?? throw new CallaroError(ErrorCodes.NotFound, $"Upload {id} does not exist.");
                await feed.Listening;
                var tracker = new UploadEventTracker();
                return new ChannelObservable<ChangeNotice, object>(
                    token => feed.Subscribe(ChangeNotice.UploadKind, caller.OrgId, id, token),
                    async (notice, _) => tracker.Next(notice, await SharedReads.ReadAsync(notice, () => TransientReads.RetryAsync(grain.GetAsync, CancellationToken.None))),
                    async token => tracker.Next(null, await TransientReads.RetryAsync(grain.GetAsync, token)),
                    tracker.IsFinal);
            });
    }
}
