import type mongoose from 'mongoose';
import type { Router } from 'express';
import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import type { PartnershipDirectory } from '../partnerships/partnership-directory.js';
import type { SystemClock } from '../shared/system-clock.js';
import { caseModels } from './case.model.js';
import { createCaseRepository } from './case.repository.js';
import { createCaseRouter } from './case.routes.js';
import { createCaseService, type CaseServiceDependencies } from './case.service.js';
import { createDeadlineService } from './deadline.service.js';

export interface CaseModuleDependencies {
  connection: mongoose.Connection;
  calendar: HolidayCalendar;
  clock: SystemClock;
  partnerships: PartnershipDirectory;
  warnWorkingDays: number;
  openActionCount(partnershipId: string, caseId: string): Promise<number>;
  /** Another component's rule on an event before it is applied (the rapid review report's, issue 15). */
  checkEvent?: CaseServiceDependencies['checkEvent'];
  /** An organisation's kind (src/partnerships), for the routes an agency may open. */
  organisationKind?: CaseServiceDependencies['organisationKind'];
}

/** Assembles the case component: repository, services and router. */
export async function createCaseModule(deps: CaseModuleDependencies) {
  const repository = createCaseRepository(caseModels(deps.connection));
  await repository.ensureIndexes();
  // Summaries a dead process left stale, then (once per summary derivation) every summary derived
  // the old way or missing (cases from before summaries existed).
  await repository.repairSummaries({ everything: true });
  await repository.rederiveSummaries();
  const service = createCaseService({
    repository,
    calendar: deps.calendar,
    clock: deps.clock,
    warnWorkingDays: deps.warnWorkingDays,
    openActionCount: deps.openActionCount,
    ...(deps.checkEvent ? { checkEvent: deps.checkEvent } : {}),
    ...(deps.organisationKind ? { organisationKind: deps.organisationKind } : {}),
    partnership: async (id) => {
      const settings = await deps.partnerships.get(id);
      return (
        settings && {
          workflow: settings.workflow,
          referencePrefix: settings.referencePrefix,
          dueSoonWorkingDays: settings.dueSoonWorkingDays,
          themes: settings.themes,
        }
      );
    },
  });
  const deadlines = createDeadlineService({
    repository,
    calendar: deps.calendar,
    clock: deps.clock,
    warnWorkingDays: deps.warnWorkingDays,
    warnWorkingDaysFor: async (partnershipId) => (await deps.partnerships.get(partnershipId))?.dueSoonWorkingDays,
  });
  const router: Router = createCaseRouter(service, deadlines);
  return { repository, service, deadlines, router };
}
