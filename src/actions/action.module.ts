import type { Router } from 'express';
import type mongoose from 'mongoose';
import { findOrganisation, listOrganisations } from '../partnerships/organisation.repository.js';
import type { PartnershipDirectory } from '../partnerships/partnership-directory.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import { actionModels } from './action.model.js';
import { createActionRepository } from './action.repository.js';
import { createActionRouter } from './action.routes.js';
import { createActionService } from './action.service.js';
import { createRecommendationRepository } from './recommendation.repository.js';
import { createRecommendationService, type LinkedCase } from './recommendation.service.js';

export type { LinkedCase } from './recommendation.service.js';

export interface ActionModuleDependencies {
  connection: mongoose.Connection;
  clock: SystemClock;
  partnerships: PartnershipDirectory;
  /** A case of the partnership (from the case component); undefined when there is none. */
  findCase(partnershipId: string, caseId: string): Promise<LinkedCase | undefined>;
  exportMaxRows: number;
  /** Most progress notes, and most pieces of evidence, per action (ACTION_MAX_NOTES). */
  maxNotes: number;
}

/**
 * Adapts the case component's `find` to what this component needs to know about a case.
 * @example findCase: linkedCaseFinder(cases.repository)
 */
export function linkedCaseFinder(cases: {
  find(partnershipId: string, id: string): Promise<{ _id: string; reference: string; final: boolean } | null>;
}): ActionModuleDependencies['findCase'] {
  return async (partnershipId, caseId) => {
    const record = await cases.find(partnershipId, caseId);
    return record ? { id: record._id, reference: record.reference, final: record.final } : undefined;
  };
}

/** Assembles the learning-actions component: repositories, services and router. */
export async function createActionModule(deps: ActionModuleDependencies) {
  const models = actionModels(deps.connection);
  const recommendationRepository = createRecommendationRepository(models);
  const actionRepository = createActionRepository(models);
  await Promise.all([recommendationRepository.ensureIndexes(), actionRepository.ensureIndexes()]);
  const planDeps = {
    recommendations: recommendationRepository,
    actions: actionRepository,
    clock: deps.clock,
    findCase: deps.findCase,
    exportMaxRows: deps.exportMaxRows,
    maxNotes: deps.maxNotes,
    referencePrefix: async (partnershipId: string) => (await deps.partnerships.get(partnershipId))?.referencePrefix,
    organisationExists: async (partnershipId: string, organisationId: string) =>
      (await findOrganisation(deps.connection, partnershipId, organisationId)) !== undefined,
    organisationNames: async (partnershipId: string) =>
      new Map((await listOrganisations(deps.connection, partnershipId)).map((organisation) => [organisation.id, organisation.name])),
  };
  const recommendations = createRecommendationService(planDeps);
  const actions = createActionService(planDeps);
  const router: Router = createActionRouter(recommendations, actions, () => todayInEngland(deps.clock));
  return {
    router,
    recommendations,
    actions,
    /** How many of a case's actions are not complete (not signed off by the chair): for `case.closed`. */
    countOpenActions: (partnershipId: string, caseId: string): Promise<number> => actions.countOpenActions(partnershipId, caseId),
  };
}

export type ActionModule = Awaited<ReturnType<typeof createActionModule>>;
