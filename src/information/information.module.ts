import type mongoose from 'mongoose';
import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import type { SystemClock } from '../shared/system-clock.js';
import { informationModels } from './information.model.js';
import { createInformationRouter } from './information.routes.js';
import { createInformationService, type InformationServiceDeps } from './information.service.js';
import { informationChaseSource, requestRecordsObserver, returnArrivedSource } from './information.sources.js';

export interface InformationModuleDeps {
  connection: mongoose.Connection;
  clock: SystemClock;
  calendar: HolidayCalendar;
  cases: InformationServiceDeps['cases'];
  documents: InformationServiceDeps['documents'];
  /** A partnership's due-soon window (its own, or the service's). */
  warnWorkingDays(partnershipId: string): Promise<number>;
}

/** Assembles information requests and returns: the API, the service (for the pages) and the message sources. */
export async function createInformationModule(deps: InformationModuleDeps) {
  const { InformationRequest, InformationTemplate } = informationModels(deps.connection);
  await Promise.all([InformationRequest.createIndexes(), InformationTemplate.createIndexes()]);
  const service = createInformationService({
    connection: deps.connection,
    clock: deps.clock,
    cases: deps.cases,
    documents: deps.documents,
  });
  return {
    service,
    router: createInformationRouter(service),
    caseObservers: [requestRecordsObserver(deps.connection)],
    messageSources: [informationChaseSource(deps.connection, deps.calendar, deps.warnWorkingDays), returnArrivedSource(deps.connection)],
  };
}
