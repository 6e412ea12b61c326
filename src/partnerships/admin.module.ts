import type mongoose from 'mongoose';
import type { Router } from 'express';
import type { SystemClock } from '../shared/system-clock.js';
import { createAdminChangeRepository } from './admin-change.repository.js';
import { createAdminRouter } from './admin.routes.js';
import { type AdminService, createAdminService } from './admin.service.js';

export interface AdminModuleDeps {
  connection: mongoose.Connection;
  clock: SystemClock;
  defaultDueSoonWorkingDays: number;
  endSessions(userId: string): Promise<void>;
}

/** Assembles partnership administration: the change history, the service and its API router. */
export async function createAdminModule(deps: AdminModuleDeps): Promise<{ service: AdminService; router: Router }> {
  const changes = createAdminChangeRepository(deps.connection);
  await changes.ensureIndexes();
  const service = createAdminService({ ...deps, changes });
  return { service, router: createAdminRouter(service) };
}
