import type mongoose from 'mongoose';
import { listOrganisations } from '../partnerships/organisation.repository.js';
import type { AgencyContribution } from '../rapid-review-report/agency-contributions.port.js';
import { type InformationRequestRecord, informationModels } from './information.model.js';

/**
 * The agencies' contributions to a case, for the rapid review report's "agencies' involvement"
 * (src/rapid-review-report's AgencyContributions port): for each agency, its latest submitted
 * return's summary, in the order the agencies were asked. Drafts and returns being corrected after
 * a reopening are not contributions yet.
 */
export function agencyContributionsOf(connection: mongoose.Connection) {
  const { InformationRequest } = informationModels(connection);
  return async (partnershipId: string, caseId: string): Promise<AgencyContribution[]> => {
    const rows = await InformationRequest.find({ partnershipId, caseId, status: 'submitted' })
      .select({ organisationId: 1, seq: 1, answer: 1 })
      .sort({ seq: 1, organisationId: 1 })
      .lean<Pick<InformationRequestRecord, 'organisationId' | 'seq' | 'answer'>[]>();
    const latest = new Map(rows.map((row) => [row.organisationId, row]));
    const names = new Map((await listOrganisations(connection, partnershipId)).map((organisation) => [organisation.id, organisation.name]));
    return [...latest.values()].map((row) => ({
      organisationName: names.get(row.organisationId) ?? row.organisationId,
      summary: row.answer?.summary ?? '',
    }));
  };
}
