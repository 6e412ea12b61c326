import type { Router } from 'express';
import { createCaseImportRouter } from './case-import.routes.js';
import { createCaseImportService, type ImportDependencies } from './case-import.service.js';

/** Assembles the case-log import: its service over the case repository, and its router. */
export function createCaseImportModule(deps: ImportDependencies) {
  const service = createCaseImportService(deps);
  const router: Router = createCaseImportRouter(service);
  return { service, router };
}
