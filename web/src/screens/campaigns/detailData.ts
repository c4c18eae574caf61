import { graphql } from '../../gql';

export const DetailUploadFields = graphql(`
  fragment CampaignDetailUpload on ContactUpload {
    id
    fileName
    sizeBytes
    status
    updatedAt
    error { code message }
    receivedAt
    mappedAt
    stagedAt
    attachedAt
    inDirectoryAt
    consumedAt
    progress { rowsRead rowsValidated chunksTotal chunksDone }
    counts {
      totalRows accepted rejected duplicates suppressed warnings timezoneMissing suppressedSinceStaging
      byReason { reason count }
    }
    rejectionReportUrl
    rejectionsAcknowledged
    rejectionsAcknowledgement { userId at note excludedRows }
  }
`);

export const DetailCampaignFields = graphql(`
  fragment CampaignDetail on Campaign {
    id
    name
    ownerId
    status
    step
    version
    createdAt
    updatedAt
    launchedAt
    taskCount
    splitFrom
    splitValue
    splitInto { campaignId value contacts campaign { id name status } }
    audience {
      source
      contactCount
      segmentId
      segment { id name deletedAt }
      directory { ...DirectoryAudienceCounts }
      upload { ...CampaignDetailUpload }
      uploadHistory { id fileName sizeBytes status receivedAt counts { accepted rejected } }
    }
    readiness { ready checks { key passed message } }
    signOffs { role userId at note }
    tasks(first: 20) { totalCount nodes { id contactIdentifier phone phoneExtension timezone crmId status } }
  }
`);

export const CampaignDetailQuery = graphql(`
  query CampaignDetailPage($id: ID!) {
    campaign(id: $id) { ...CampaignDetail }
  }
`);

export const CampaignDetailUpdated = graphql(`
  subscription CampaignDetailUpdated($id: ID!) {
    campaignUpdated(campaignId: $id) { ...CampaignDetail }
  }
`);

export const CampaignDetailUploadChanged = graphql(`
  subscription CampaignDetailUploadChanged($uploadId: ID!) {
    uploadStatusChanged(uploadId: $uploadId) { status previousStatus at upload { ...CampaignDetailUpload } }
  }
`);
