import type { Router } from 'express';
import type mongoose from 'mongoose';
import type { PartnershipDirectory } from '../partnerships/partnership-directory.js';
import type { SystemClock } from '../shared/system-clock.js';
import { createYearlyReportRepository } from './yearly-report.repository.js';
import { createYearlyReportPublications } from './yearly-report-publication.model.js';
import { createYearlyReportNarratives } from './yearly-report-narrative.js';
import { createReportRouter } from './yearly-report.routes.js';
import { createYearlyReportService, type YearlyReportService } from './yearly-report.service.js';

export interface ReportModuleDependencies {
  connection: mongoose.Connection;
  clock: SystemClock;
  partnerships: PartnershipDirectory;
}

/** Assembles the reports component: `GET /api/reports/yearly`, `POST /api/reports/yearly/publications`, and the service (for the web pages). */
export function createReportModule(deps: ReportModuleDependencies): { router: Router; service: YearlyReportService } {
  const service = createYearlyReportService({
    repository: createYearlyReportRepository(deps.connection),
    clock: deps.clock,
    reportingYearStartMonth: async (partnershipId) => (await deps.partnerships.get(partnershipId))?.reportingYearStartMonth,
    publications: createYearlyReportPublications(deps.connection),
    narratives: createYearlyReportNarratives(deps.connection),
  });
  return { router: createReportRouter(service), service };
}
