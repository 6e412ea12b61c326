import type { Router } from 'express';
import type mongoose from 'mongoose';
import type { Principal } from '../access/principal.js';
import { findOrganisation } from '../partnerships/organisation.repository.js';
import type { SystemClock } from '../shared/system-clock.js';
import { createDocumentRepository } from './document.repository.js';
import { createDocumentRouter } from './document.routes.js';
import { createDocumentService, type DocumentServiceDependencies } from './document.service.js';
import { createDocumentStorage } from './document.storage.js';

export interface DocumentModuleDependencies {
  connection: mongoose.Connection;
  clock: SystemClock;
  findVisibleCase: DocumentServiceDependencies['findVisibleCase'];
  /** DOCUMENT_MAX_BYTES: larger uploads are refused with 413 while they arrive. */
  maxBytes: number;
}

/**
 * Adapts the case component to what documents need: the case when the principal may see it.
 * @example findVisibleCase: visibleCaseFinder(cases.repository, canSeeCase)
 */
export function visibleCaseFinder<R extends { _id: string; reference: string }>(
  cases: { find(partnershipId: string, id: string): Promise<R | null> },
  canSee: (principal: Principal, record: R) => boolean,
): DocumentServiceDependencies['findVisibleCase'] {
  return async (principal, caseId) => {
    const record = await cases.find(principal.partnershipId, caseId);
    return record && canSee(principal, record) ? { id: record._id, reference: record.reference } : undefined;
  };
}

/** Assembles the documents component: GridFS storage, repository, service and router. */
export async function createDocumentModule(deps: DocumentModuleDependencies) {
  const repository = createDocumentRepository(deps.connection);
  await repository.ensureIndexes();
  const service = createDocumentService({
    repository,
    storage: createDocumentStorage(deps.connection),
    clock: deps.clock,
    findVisibleCase: deps.findVisibleCase,
    organisationExists: async (partnershipId, organisationId) =>
      (await findOrganisation(deps.connection, partnershipId, organisationId)) !== undefined,
  });
  const router: Router = createDocumentRouter(service, deps.maxBytes);
  return { service, router };
}

export type DocumentModule = Awaited<ReturnType<typeof createDocumentModule>>;
