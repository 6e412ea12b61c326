import { createMessageWorker } from '../../../src/messages/message.worker.js';
import { caseHistorySource, type ChangedCaseObserver, type MessageDraftSource } from '../../../src/messages/message.sources.js';
import type { SystemClock } from '../../../src/shared/system-clock.js';
import type { ApiTestContext } from '../../support/api-fixture.js';
import { settingsFrom } from '../reminders/reminder-support.js';

/** A message worker over the test's database, as the service builds it (the reminders' settings). */
export function messageWorkerFor(
  api: ApiTestContext,
  clock: SystemClock,
  env: Record<string, string>,
  workerId: string,
  extraSources: MessageDraftSource[] = [],
  observers: ChangedCaseObserver[] = [],
) {
  return createMessageWorker({
    connection: api.database.connection,
    clock,
    settings: settingsFrom(env),
    sources: [caseHistorySource(api.database.connection, observers), ...extraSources],
    workerId,
  });
}
