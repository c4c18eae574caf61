using Callaro.Pipeline;
using Callaro.Pipeline.Reporting;
using Xunit;

namespace Callaro.UnitTests.Pipeline.Reporting;

public sealed class ContractNamesTests
{
    [Theory]
    [InlineData(RejectReason.MalformedRow, "MALFORMED_ROW")]
    [InlineData(RejectReason.PhoneInvalid, "PHONE_INVALID")]
    [InlineData(RejectReason.PhonePrecisionLost, "PHONE_PRECISION_LOST")]
    [InlineData(RejectReason.TimezoneUnresolved, "TIMEZONE_UNRESOLVED")]
    [InlineData(RejectReason.DuplicateIdentifier, "DUPLICATE_IDENTIFIER")]
    [InlineData(RejectReason.NoConsent, "NO_CONSENT")]
    [InlineData(RejectReason.ActiveInOtherCampaign, "ACTIVE_IN_OTHER_CAMPAIGN")]
    [InlineData(RejectReason.PhoneRegionAssumed, "PHONE_REGION_ASSUMED")]
    public void Reject_reasons_have_their_contract_names(RejectReason reason, string name)
    {
        Assert.Equal(name, ContractNames.Of(reason));
        Assert.Equal(reason, ContractNames.ParseRejectReason(name));
    }

    [Fact]
    public void Every_reject_reason_round_trips()
    {
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            Assert.True(ContractNames.TryParse<RejectReason>(ContractNames.Of(reason), out var parsed));
            Assert.Equal(reason, parsed);
        }
    }

    [Theory]
    [InlineData(ContactField.CrmId, "CRM_ID")]
    [InlineData(ContactField.PostalCode, "POSTAL_CODE")]
    [InlineData(ContactField.FirstName, "FIRST_NAME")]
    public void Contact_fields_have_their_contract_names(ContactField field, string name)
    {
        Assert.Equal(name, ContractNames.Of(field));
    }

    [Fact]
    public void Policies_have_their_contract_names()
    {
        Assert.Equal("KEEP_FIRST", ContractNames.Of(DuplicatePolicy.KeepFirst));
        Assert.Equal("EXCLUDE_ALL", ContractNames.Of(DuplicatePolicy.ExcludeAll));
    }

    [Fact]
    public void An_unknown_name_is_invalid_input()
    {
        Assert.False(ContractNames.TryParse<RejectReason>("PHONE_BAD", out _));
        Assert.Equal(PipelineErrorCodes.InvalidInput, Assert.Throws<PipelineException>(() => ContractNames.ParseRejectReason("PHONE_BAD")).Code);
    }
}
