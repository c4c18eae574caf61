using Callaro.Api.GraphQL;
using Callaro.Grains.ContactDirectory;

namespace Callaro.Api.Data;

/// <summary>
/// Reads of the org contact directory (written by the grains at attach), paged with opaque cursors: pages, one
/// contact, pasted ids. The SQL is <see cref="DirectoryStore"/>'s.
/// </summary>
public sealed class DirectoryReads(DirectoryStore directory)
{
    public const int MaxPastedIdsShown = 100_000;

    public async Task<Connection<DirectoryContact>> ContactsAsync(string orgId, int first, string? after, string? search, CancellationToken cancellationToken)
    {
        ReadModels.CheckPage(first);
        var page = await directory.ContactsAsync(orgId, after is null ? null : ReadModels.DecodeText(after), search, first, cancellationToken);
        return new Connection<DirectoryContact>(page.Items, new PageInfo(page.HasNext, page.Items.Count == 0 ? null : ReadModels.EncodeText(page.Items[^1].Identifier)), page.Total);
    }

    public async Task<DirectoryContact?> ContactAsync(string orgId, string identifier, CancellationToken cancellationToken) =>
        (await directory.ContactsByIdAsync(orgId, [identifier], cancellationToken)).FirstOrDefault();

    /// <summary>Contacts by identifier, in the order asked (unknown ones left out).</summary>
    public Task<List<DirectoryContact>> ContactsByIdAsync(string orgId, IReadOnlyList<string> identifiers, CancellationToken cancellationToken) =>
        directory.ContactsByIdAsync(orgId, identifiers, cancellationToken);

    public Task<IReadOnlyList<ContactUpload>> UploadsOfAsync(string orgId, string identifier, CancellationToken cancellationToken) =>
        directory.UploadsOfAsync(orgId, identifier, cancellationToken);

    /// <summary>Campaigns the contact was in: by an upload, by pasted ids, or dialled (segments show once launched).</summary>
    public Task<IReadOnlyList<ContactCampaign>> CampaignsOfAsync(string orgId, string identifier, CancellationToken cancellationToken) =>
        directory.CampaignsOfAsync(orgId, identifier, cancellationToken);

    /// <summary>A draft's pasted ids in paste order (at most <see cref="MaxPastedIdsShown"/>).</summary>
    public Task<IReadOnlyList<string>> PastedIdsAsync(string orgId, string campaignId, CancellationToken cancellationToken) =>
        directory.PastedIdsAsync(orgId, campaignId, MaxPastedIdsShown, cancellationToken);

    /// <summary>A page of the org's live segments (newest first), as ids: the grains answer the rest.</summary>
    public async Task<(IReadOnlyList<string> Ids, bool HasNext, long Total)> SegmentIdsAsync(string orgId, int first, string? after, CancellationToken cancellationToken)
    {
        ReadModels.CheckPage(first);
        var page = await directory.SegmentIdsAsync(orgId, after is null ? null : ReadModels.DecodeText(after), first, cancellationToken);
        return (page.Items, page.HasNext, page.Total);
    }
}
