import type mongoose from 'mongoose';
import type { Router, RequestHandler } from 'express';
import type { SystemClock } from '../shared/system-clock.js';
import { anonymousRefusalFlusher, countAnonymousRefusal, ensureRefusalWindowIndexes } from './anonymous-refusals.js';
import { createAuditRecorder } from './audit.recorder.js';
import { createAuditRepository } from './audit.repository.js';
import { createAuditRouter } from './audit.routes.js';
import { type AuditService, createAuditService } from './audit.service.js';

export interface AuditModuleDependencies {
  connection: mongoose.Connection;
  clock: SystemClock;
  caseBelongsTo(partnershipId: string, caseId: string): Promise<boolean>;
}

/**
 * The access audit trail: `recorder` goes before authentication on the router holding the audited
 * routes; `router` serves `GET /api/audit`. Routes name their action with `audited(...)`
 * (src/audit/audited.ts).
 */
export async function createAuditModule(
  deps: AuditModuleDependencies,
): Promise<{ recorder: RequestHandler; service: AuditService; router: Router; task: { start(): void; stop(): Promise<void> } }> {
  const repository = createAuditRepository(deps.connection);
  await repository.ensureIndexes();
  await ensureRefusalWindowIndexes(deps.connection);
  const service = createAuditService({ repository, caseBelongsTo: deps.caseBelongsTo });
  const recorder = createAuditRecorder({
    repository,
    clock: deps.clock,
    // Repeated anonymous refusals become one row per address, kind and minute (issue 14, finding 5).
    firstAnonymousRefusal: (entry) => countAnonymousRefusal(deps.connection, entry),
  });
  return { recorder, service, router: createAuditRouter(service), task: anonymousRefusalFlusher(deps.connection, deps.clock) };
}
