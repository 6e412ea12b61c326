import type mongoose from 'mongoose';
import type { ReminderSettings } from '../reminders/reminder.settings.js';
import type { SystemClock } from '../shared/system-clock.js';
import { createMessageRouter } from './message.routes.js';
import { createMessageService } from './message.service.js';
import { caseHistorySource, type ChangedCaseObserver, type MessageDraftSource } from './message.sources.js';
import { createMessageWorker } from './message.worker.js';

export interface MessageModuleDeps {
  connection: mongoose.Connection;
  clock: SystemClock;
  /** The reminders' settings (src/reminders): one SMTP configuration for every e-mail. */
  settings: ReminderSettings;
  caseExists(partnershipId: string, caseId: string): Promise<boolean>;
  /** Other components' message sources (src/information), after the lifecycle's own. */
  sources?: readonly MessageDraftSource[];
  /** What other components do with each changed case first (src/information's request records). */
  caseObservers?: readonly ChangedCaseObserver[];
}

/**
 * Assembles the message outbox: the worker (plans from the case histories and the plugged-in
 * sources, then delivers through the reminders' SMTP server) on the reminders' interval, and the
 * case's messages API. With REMINDER_INTERVAL_MS=0 the worker does not run.
 */
export async function createMessageModule(deps: MessageModuleDeps) {
  const sources = [caseHistorySource(deps.connection, deps.caseObservers ?? []), ...(deps.sources ?? [])];
  const worker = createMessageWorker({ connection: deps.connection, clock: deps.clock, settings: deps.settings, sources });
  await worker.ensureIndexes();
  const service = createMessageService({ connection: deps.connection, clock: deps.clock, caseExists: deps.caseExists });
  return {
    worker,
    sources,
    service,
    router: createMessageRouter(service),
    task: { start: () => worker.start(deps.settings.intervalMs), stop: () => worker.stop() },
  };
}
