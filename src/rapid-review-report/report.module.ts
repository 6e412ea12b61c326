import type { Router } from 'express';
import type mongoose from 'mongoose';
import type { Principal } from '../access/principal.js';
import type { CaseContext } from '../../workflows/case-context.js';
import type { CaseRecord } from '../cases/case.record.js';
import type { DocumentService } from '../documents/document.service.js';
import { listOrganisations } from '../partnerships/organisation.repository.js';
import type { SystemClock } from '../shared/system-clock.js';
import type { AgencyContributions } from './agency-contributions.port.js';
import { createReportRepository } from './report.repository.js';
import { createReportRouter } from './report.routes.js';
import { createReportService, type ReportServiceDependencies } from './report.service.js';

export interface ReportModuleDependencies {
  connection: mongoose.Connection;
  clock: SystemClock;
  documents: DocumentService;
  cases: {
    find(partnershipId: string, id: string): Promise<CaseRecord | null>;
    canSee(principal: Principal, record: CaseRecord): boolean;
    applyEvent(principal: Principal, id: string, body: unknown, options: { ifMatch?: number }): Promise<unknown>;
  };
  partnershipName(partnershipId: string): Promise<string>;
  agencyContributions?: AgencyContributions | undefined;
  decisionMeeting?: ReportServiceDependencies['decisionMeeting'];
}

const contextOf = (record: CaseRecord) => (record.workflow.snapshot as { context: CaseContext }).context;

/** Assembles the rapid review report component. */
export async function createReportModule(deps: ReportModuleDependencies) {
  const repository = createReportRepository(deps.connection);
  await repository.ensureIndexes();
  const visible = async (principal: Principal, caseId: string) => {
    const record = await deps.cases.find(principal.partnershipId, caseId);
    return record && deps.cases.canSee(principal, record) ? record : undefined;
  };
  /** Applies a case event at the case's current version (the report's own write is the user's intent). */
  const applyNow = async (principal: Principal, caseId: string, body: Record<string, unknown>) => {
    const record = await visible(principal, caseId);
    if (!record) return;
    await deps.cases.applyEvent(principal, caseId, body, { ifMatch: record.version });
  };
  const service = createReportService({
    repository,
    documents: deps.documents,
    clock: deps.clock,
    readCase: async (principal, caseId) => {
      const record = await visible(principal, caseId);
      return record ? { id: record._id, reference: record.reference, caseData: record.caseData, context: contextOf(record) } : undefined;
    },
    partnershipName: deps.partnershipName,
    organisationNames: async (partnershipId) =>
      new Map((await listOrganisations(deps.connection, partnershipId)).map((organisation) => [organisation.id, organisation.name])),
    agencyContributions: deps.agencyContributions,
    decisionMeeting: deps.decisionMeeting,
    caseSteps: {
      async signOff(principal, caseId, partner, signedOn) {
        const record = await visible(principal, caseId);
        if (!record || contextOf(record).rapidReview.signOffs.some((signOff) => signOff.partner === partner)) return;
        await applyNow(principal, caseId, { type: 'rapid-review.signed-off', partner, signedOffOn: signedOn });
      },
      submit: (principal, caseId, submittedOn) => applyNow(principal, caseId, { type: 'rapid-review.submitted', submittedOn }),
    },
  });
  const router: Router = createReportRouter(service);
  return { service, router };
}
