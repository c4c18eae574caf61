import { graphql } from '../../gql';

/** Everything the wizard shows of a draft: the query, the subscription and every mutation answer select it. */
export const WizardCampaignFields = graphql(`
  fragment WizardCampaign on Campaign {
    id
    name
    ownerId
    status
    step
    version
    updatedAt
    canAdvance { allowed reasons }
    audience {
      source
      contactCount
      segmentId
      segment { id name }
      directory { requested resolved unknown suppressed duplicatePhones dialable timezoneMissing }
      upload {
        id
        fileName
        status
        rejectionsAcknowledged
        counts { totalRows accepted rejected duplicates suppressed warnings timezoneMissing }
      }
    }
    schedule { mode timezone windowStart windowEnd days startDate }
    outcomes { dispositions crmObject writebackFields { disposition crmField value } }
    readiness { ready checks { key passed message } }
    signOffs { role userId at note }
  }
`);

export const WizardPageQuery = graphql(`
  query WizardPage($id: ID!) {
    campaign(id: $id) { ...WizardCampaign }
  }
`);

export const WizardCampaignUpdated = graphql(`
  subscription WizardCampaignUpdated($id: ID!) {
    campaignUpdated(campaignId: $id) { ...WizardCampaign }
  }
`);

export const WizardGoToStep = graphql(`
  mutation WizardGoToStep($id: ID!, $step: WizardStep!, $expectedVersion: Int) {
    goToStep(id: $id, step: $step, expectedVersion: $expectedVersion) { ...WizardCampaign }
  }
`);
