using System.Globalization;
using System.Text;
using Callaro.Contracts;
using Callaro.Grains.Storage;

namespace Callaro.Api.GraphQL;

/// <summary>Pages an org's campaigns from the <see cref="CampaignIndex"/> projection, newest first, keyset cursors.</summary>
public sealed class CampaignList(CampaignIndex index, IClusterClient grains)
{
    public const int MaxPageSize = 200;

    public async Task<Connection<CampaignView>> PageAsync(string orgId, int first, string? after, CampaignStatus? status, CancellationToken cancellationToken)
    {
        if (first is < 0 or > MaxPageSize)
        {
            throw new CallaroError(ErrorCodes.InvalidInput, $"first must be between 0 and {MaxPageSize}.");
        }

        var page = await index.PageAsync(orgId, status, after is null ? null : DecodeCursor(after), first, cancellationToken);
        var views = await Task.WhenAll(page.Items.Select(p => grains.GetGrain<ICampaignGrain>(GrainKeys.Scoped(orgId, p.CampaignId)).GetAsync()));
        var nodes = views.Where(v => v is not null).Select(v => v!).ToList();
        var endCursor = page.Items.Count == 0 ? null : EncodeCursor(page.Items[^1]);
        return new Connection<CampaignView>(nodes, new PageInfo(page.HasNext, endCursor), page.Total);
    }

    private static string EncodeCursor(CampaignIndexRow last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{last.CampaignId}"));

    private static CampaignIndexRow DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return new CampaignIndexRow(text[(bar + 1)..], new DateTime(long.Parse(text[..bar], CultureInfo.InvariantCulture), DateTimeKind.Utc));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new CallaroError(ErrorCodes.InvalidInput, "after is not a cursor this API gave out; pass pageInfo.endCursor from the previous page.");
        }
    }
}
