import type { Router } from 'express';
import type mongoose from 'mongoose';
import type { Principal } from '../access/principal.js';
import type { CaseContext } from '../../workflows/case-context.js';
import type { CaseRecord } from '../cases/case.record.js';
import { listOrganisations } from '../partnerships/organisation.repository.js';
import type { SystemClock } from '../shared/system-clock.js';
import { createMeetingRepository } from './meeting.repository.js';
import { createMeetingRouter } from './meeting.routes.js';
import { createMeetingService } from './meeting.service.js';

export interface MeetingModuleDependencies {
  connection: mongoose.Connection;
  clock: SystemClock;
  cases: {
    find(partnershipId: string, id: string): Promise<CaseRecord | null>;
    canSee(principal: Principal, record: CaseRecord): boolean;
    applyEvent(principal: Principal, id: string, body: unknown, options: { ifMatch?: number }): Promise<unknown>;
  };
  documentOfCase(principal: Principal, documentId: string, caseId: string): Promise<boolean>;
}

const contextOf = (record: CaseRecord) => (record.workflow.snapshot as { context: CaseContext }).context;

/** Assembles the meetings component. */
export async function createMeetingModule(deps: MeetingModuleDependencies) {
  const repository = createMeetingRepository(deps.connection);
  await repository.ensureIndexes();
  const visible = async (principal: Principal, caseId: string) => {
    const record = await deps.cases.find(principal.partnershipId, caseId);
    return record && deps.cases.canSee(principal, record) ? record : undefined;
  };
  const service = createMeetingService({
    repository,
    clock: deps.clock,
    findVisibleCase: async (principal, caseId) => {
      const record = await visible(principal, caseId);
      return record
        ? {
            id: record._id,
            incidentOn: record.caseData.incidentOn,
            rapidReviewMeetingDays: contextOf(record).rapidReview.meetings.map((meeting) => meeting.heldOn),
          }
        : undefined;
    },
    organisationNames: async (partnershipId) =>
      new Map((await listOrganisations(deps.connection, partnershipId)).map((organisation) => [organisation.id, organisation.name])),
    documentOfCase: deps.documentOfCase,
    recordMeetingHeld: async (principal, caseId, heldOn) => {
      const record = await visible(principal, caseId);
      if (record)
        await deps.cases.applyEvent(principal, caseId, { type: 'rapid-review.meeting-held', heldOn }, { ifMatch: record.version });
    },
  });
  /** The meeting the case's decision was taken at (its `meetingId`), else its latest rapid review meeting. */
  const decisionMeeting = async (principal: Principal, caseId: string) => {
    const record = await visible(principal, caseId);
    if (!record) return null;
    const meetingId = contextOf(record).rapidReview.decision?.meetingId ?? null;
    return service.decisionMeeting(principal, caseId, meetingId);
  };
  const router: Router = createMeetingRouter(service);
  return { service, router, decisionMeeting };
}
