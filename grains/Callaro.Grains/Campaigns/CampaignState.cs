using Callaro.Contracts;

namespace Callaro.Grains.Campaigns;

/// <summary>The persisted wizard draft. Small by design: rows live in PostgreSQL tables.</summary>
[GenerateSerializer, Alias("callaro.CampaignState")]
public sealed record CampaignState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public string Name { get; set; } = string.Empty;
    [Id(2)] public string OwnerId { get; set; } = string.Empty;
    [Id(3)] public string CreatedBy { get; set; } = string.Empty;
    [Id(4)] public CampaignStatus Status { get; set; }
    [Id(5)] public WizardStep Step { get; set; }
    [Id(6)] public AudienceSourceKind? AudienceSource { get; set; }
    [Id(7)] public string? CurrentUploadId { get; set; }
    [Id(8)] public List<string> UploadHistory { get; set; } = [];
    [Id(9)] public Schedule? Schedule { get; set; }
    [Id(10)] public Outcomes? Outcomes { get; set; }
    [Id(11)] public List<SignOff> SignOffs { get; set; } = [];
    [Id(12)] public long TaskCount { get; set; }
    [Id(13)] public DateTimeOffset CreatedAt { get; set; }
    [Id(14)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(15)] public DateTimeOffset? LaunchedAt { get; set; }
    [Id(16)] public DateTimeOffset? CancelledAt { get; set; }
    [Id(17)] public int Version { get; set; }
    [Id(18)] public string? AttachedUploadId { get; set; }
    [Id(19)] public int AttachedRun { get; set; }

    /// <summary>What each sign-off approved: the attached upload and its validation run.</summary>
    [Id(20)] public Dictionary<SignOffRole, string> SignOffBasis { get; set; } = [];

    /// <summary>SEGMENT audiences: the bound segment.</summary>
    [Id(21)] public string? SegmentId { get; set; }

    /// <summary>CONTACT_IDS audiences: ids pasted (repeats included) and repeats dropped; the ids live in audience_contact_ids.</summary>
    [Id(22)] public int ContactIdsPasted { get; set; }
    [Id(23)] public int ContactIdsDuplicates { get; set; }

    /// <summary>Bumped whenever a directory audience changes: what sign-offs approve for non-CSV audiences.</summary>
    [Id(24)] public int AudienceRevision { get; set; }

    [Id(25)] public string? SplitFrom { get; set; }
    [Id(26)] public string? SplitValue { get; set; }
    [Id(27)] public List<SplitPart> SplitInto { get; set; } = [];

    /// <summary>A directory audience as it was dialled: frozen at launch.</summary>
    [Id(28)] public DirectoryAudience? LaunchedAudience { get; set; }
}
