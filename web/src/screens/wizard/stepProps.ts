import type { CombinedError } from 'urql';
import type { WizardCampaignFragment } from '../../gql/graphql';

export type WizardCampaign = WizardCampaignFragment;

/** What a mutation answered, as every step hands it back to the wizard. */
export interface Outcome {
  campaign?: WizardCampaign | null;
  error?: CombinedError;
}

/**
 * The wizard takes a step's mutation answer: a campaign is shown at once; VERSION_CONFLICT reloads the
 * draft and resets the forms (the wizard says so). Answers `{ ok }`, and the error a step should show itself.
 */
export type Report = (outcome: Outcome) => Promise<{ ok: boolean; error?: CombinedError }>;

export interface StepProps {
  campaign: WizardCampaign;
  /** Why this person cannot change the draft (null: they can). */
  readOnly: string | null;
  report: Report;
}
