using System.Text;
using Callaro.Contracts;
using Callaro.Pipeline;

namespace Callaro.Tests.Infrastructure;

/// <summary>Drives the upload grains the way the api does: a campaign, bytes in pieces, a mapping, and waits on real signals.</summary>
/// <param name="connectionString">The cluster's database, whose change notices the waits listen to.</param>
public sealed class UploadDriver(IClusterClient client, Actor actor, string connectionString)
{
    public Actor Actor => actor;

    public ICampaignGrain Campaign(string id) => client.GetGrain<ICampaignGrain>(GrainKeys.Scoped(actor.OrgId, id));

    public IContactUploadGrain Upload(string id) => client.GetGrain<IContactUploadGrain>(GrainKeys.Scoped(actor.OrgId, id));

    public async Task<string> NewCampaignAsync(string name = "Uploads")
    {
        var id = $"cmp_{Guid.NewGuid():N}";
        (await Campaign(id).CreateAsync(name, string.Empty, actor)).Value.ShouldExist();
        return id;
    }

    public async Task<UploadView> ReceiveAsync(string campaignId, string csv, UploadOptionsPatch? options = null, int pieceBytes = 4096) =>
        await ReceiveAsync(campaignId, Encoding.UTF8.GetBytes(csv), options, pieceBytes);

    public async Task<UploadView> ReceiveAsync(string campaignId, byte[] bytes, UploadOptionsPatch? options = null, int pieceBytes = 64 * 1024)
    {
        var uploadId = (await Campaign(campaignId).StartUploadAsync(actor)).Value!;
        var upload = Upload(uploadId);
        var begun = await upload.BeginAsync(campaignId, "contacts.csv", options, bytes.Length, bytes.Length, actor);
        if (begun.Fault is not null)
        {
            return (await upload.GetAsync())!;
        }

        for (var offset = 0; offset < bytes.Length; offset += pieceBytes)
        {
            var piece = bytes.AsSpan(offset, Math.Min(pieceBytes, bytes.Length - offset)).ToArray();
            if ((await upload.AppendAsync(piece)).Fault is not null)
            {
                return (await upload.GetAsync())!;
            }
        }

        await upload.CompleteAsync();
        return (await upload.GetAsync())!;
    }

    /// <summary>Confirms the suggested mapping (or the one given) and waits for the upload to settle.</summary>
    public async Task<UploadView> ValidateAsync(UploadView upload, UploadOptionsPatch? options = null, IReadOnlyList<ColumnMapping>? mapping = null, bool requireTimezone = false)
    {
        var confirmed = await Upload(upload.Id).ConfirmMappingAsync(mapping ?? upload.SuggestedMapping, options, requireTimezone, actor);
        Assert.True(confirmed.IsSuccess, confirmed.Fault?.Message);
        return await SettledAsync(upload.Id);
    }

    public async Task<UploadStatus> StatusAsync(string uploadId) => (await Upload(uploadId).GetAsync())!.Status;

    /// <summary>Waits until validation is over (STAGED or ERROR).</summary>
    public Task<UploadView> SettledAsync(string uploadId, TimeSpan? patience = null) =>
        UntilAsync(uploadId, view => view.Status is not (UploadStatus.Validating or UploadStatus.Receiving), "to settle (STAGED or ERROR)", patience);

    /// <summary>Waits until the upload's view satisfies <paramref name="done"/>: reads the grain again on each of its change notices.</summary>
    public async Task<UploadView> UntilAsync(string uploadId, Func<UploadView, bool> done, string what, TimeSpan? patience = null)
    {
        await using var changes = await ChangeListener.StartAsync(connectionString);
        return await changes.UntilAsync(
            uploadId,
            async () => (await Upload(uploadId).GetAsync())!,
            done,
            patience ?? TimeSpan.FromSeconds(60),
            $"upload {uploadId} {what}");
    }
}

public static class ResultAssertions
{
    public static T ShouldExist<T>(this T? value)
        where T : class => value ?? throw new Xunit.Sdk.XunitException("Expected a value.");
}

/// <summary>Small contact files for tests, built line by line.</summary>
public static class ContactCsv
{
    public const string Header = "Contact ID,First Name,Phone Number,Time Zone,Opt In";

    public static string Of(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";

    /// <summary>N valid US contacts with distinct phones: ids c1..cN, phones 415-555-0000+i... spread over area codes.</summary>
    public static string Valid(int count, int offset = 0)
    {
        var builder = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < count; i++)
        {
            builder.Append(Row(i + offset)).Append('\n');
        }

        return builder.ToString();
    }

    public static string Row(int i, string? id = null, string? phone = null) =>
        $"{id ?? "c" + i},Name{i},{phone ?? Phone(i)},America/New_York,yes";

    public static string Phone(int i) => $"(212) {200 + (i / 10000) % 700:D3}-{i % 10000:D4}";

    public static string E164(int i) => $"+1212{200 + (i / 10000) % 700:D3}{i % 10000:D4}";
}
