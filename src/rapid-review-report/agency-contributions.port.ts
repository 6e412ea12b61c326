/**
 * What each agency said, for the report's "agencies' involvement" section: a read port onto the
 * agency returns (issue 15 items 1 and 2, built elsewhere). The returns component answers it with
 * each submitted return's organisation name and summary; until it is wired in (src/api.ts), the
 * report falls back to what the case itself records (which agencies were asked and which
 * answered), and says that no summary is recorded.
 */
export interface AgencyContribution {
  organisationName: string;
  summary: string;
}

export type AgencyContributions = (partnershipId: string, caseId: string) => Promise<AgencyContribution[]>;
