import type mongoose from 'mongoose';
import type { Router, RequestHandler } from 'express';
import type { SystemClock } from '../shared/system-clock.js';
import { createAuditRecorder } from './audit.recorder.js';
import { createAuditRepository } from './audit.repository.js';
import { createAuditRouter } from './audit.routes.js';
import { createAuditService } from './audit.service.js';

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
export async function createAuditModule(deps: AuditModuleDependencies): Promise<{ recorder: RequestHandler; router: Router }> {
  const repository = createAuditRepository(deps.connection);
  await repository.ensureIndexes();
  const service = createAuditService({ repository, caseBelongsTo: deps.caseBelongsTo });
  return { recorder: createAuditRecorder({ repository, clock: deps.clock }), router: createAuditRouter(service) };
}
