import { graphql } from '../../../gql';

/** Everything the Audience step shows about an upload (the preview included: it is 20 rows at most). */
export const AudienceUploadFieldsFragment = graphql(`
  fragment AudienceUploadFields on ContactUpload {
    id
    campaignId
    fileName
    sizeBytes
    status
    error {
      code
      message
    }
    encoding
    delimiter
    columns
    suggestedMapping {
      column
      field
      customKey
      confidence
    }
    mapping {
      column
      field
      customKey
      confidence
    }
    mappingFromMemory
    options {
      duplicatePolicy
      duplicateKey
      defaultRegion
      requireConsent
      checkActiveCampaigns
    }
    preview(first: 20) {
      rowNumber
      cells {
        column
        value
        normalized
        field
      }
      issues {
        code
        severity
        column
        message
      }
    }
    progress {
      rowsRead
      rowsValidated
      chunksTotal
      chunksDone
    }
    counts {
      totalRows
      accepted
      rejected
      duplicates
      suppressed
      warnings
      timezoneMissing
      suppressedSinceStaging
      byReason {
        reason
        count
      }
      warningsByReason {
        reason
        count
      }
    }
    rejectionReportUrl
    rejectionsAcknowledged
    rejectionsAcknowledgement {
      userId
      at
      note
      excludedRows
    }
    sameFileAs {
      uploadId
      campaignId
      campaignName
      receivedAt
      status
    }
    notes
    validationRun
    receivedAt
    mappedAt
    stagedAt
    updatedAt
  }
`);

export const AudienceStepCampaignQuery = graphql(`
  query AudienceStepCampaign($id: ID!) {
    campaign(id: $id) {
      id
      status
      schedule {
        mode
      }
      audience {
        source
        contactCount
        upload {
          ...AudienceUploadFields
        }
      }
    }
  }
`);

/** Live changes to the draft's audience made elsewhere (another window, another person). */
export const AudienceStepCampaignUpdatedSubscription = graphql(`
  subscription AudienceStepCampaignUpdated($campaignId: ID!) {
    campaignUpdated(campaignId: $campaignId) {
      id
      version
      status
      audience {
        source
        upload {
          id
          status
        }
      }
    }
  }
`);

/** The upload's status and progress as it changes (progress at most every 250 ms while validating). */
export const AudienceStepUploadStatusSubscription = graphql(`
  subscription AudienceStepUploadStatus($uploadId: ID!) {
    uploadStatusChanged(uploadId: $uploadId) {
      status
      previousStatus
      at
      upload {
        id
        status
        validationRun
        rejectionsAcknowledged
        progress {
          rowsRead
          rowsValidated
          chunksTotal
          chunksDone
        }
        counts {
          suppressedSinceStaging
        }
      }
    }
  }
`);

export const AudienceStepUploadContactsMutation = graphql(`
  mutation AudienceStepUploadContacts($campaignId: ID!, $file: Upload!, $options: UploadOptionsInput) {
    uploadContacts(campaignId: $campaignId, file: $file, options: $options) {
      id
      status
    }
  }
`);

export const AudienceStepConfirmMappingMutation = graphql(`
  mutation AudienceStepConfirmMapping($uploadId: ID!, $mapping: [ColumnMappingInput!]!, $options: UploadOptionsInput) {
    confirmMapping(uploadId: $uploadId, mapping: $mapping, options: $options) {
      ...AudienceUploadFields
    }
  }
`);

export const AudienceStepAcknowledgeMutation = graphql(`
  mutation AudienceStepAcknowledgeRejections($uploadId: ID!, $note: String) {
    acknowledgeRejections(uploadId: $uploadId, note: $note) {
      ...AudienceUploadFields
    }
  }
`);

export const AudienceStepRejectionsQuery = graphql(`
  query AudienceStepRejections($uploadId: ID!, $first: Int!, $after: String, $reason: RejectReason) {
    upload(id: $uploadId) {
      id
      status
      rejections(first: $first, after: $after, reason: $reason) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          rowNumber
          reasons
          values
          message
        }
      }
    }
  }
`);
