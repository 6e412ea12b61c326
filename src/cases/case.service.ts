import { entryForReplay, requireCurrentVersion, versionedWrite, type WriteOptions } from '../shared/versioned-write.js';
import { insertOnce, newRecordId } from '../shared/idempotent-create.js';
import type { Principal } from '../access/principal.js';
import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import { addWorkingDays } from '../calendar/working-days.js';
import { ForbiddenError, NotFoundError, PreconditionFailedError, RuleViolationError, ValidationError } from '../errors/app-errors.js';
import { logger } from '../logging/logger.js';
import { requestHash } from '../shared/request-hash.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import {
  type Actor,
  acceptedEvents,
  applyCaseEvent,
  migrateWorkflowView,
  type CaseEvent,
  openCase,
  type WorkflowDeps,
} from '../../workflows/case-workflow.js';
import { newOpeningIssues, type OpenCase, OpenCaseSchema } from '../../workflows/case-open.schema.js';
import { ClientEventSchema } from '../../workflows/case-events.schema.js';
import { AGENCY_KINDS_FOR, EVENT_ROLES, agencyKindMayOpen } from '../../workflows/event-roles.js';
import type { Route } from '../../workflows/statutory-routes.js';
import { userScopedKey } from '../shared/idempotency-scope.js';
import { canSeeCase, listScope } from './case.access.js';
import { derivedFields } from './case-derived.js';
import { checkThemes } from './case-themes.js';
import { caseDataOf, type CaseHistoryEntry, type CaseRecord } from './case.record.js';
import { saveTransition } from './case-transition.js';
import { MACHINE_MIGRATED, verifyCase } from './case-verify.js';
import { MigrationBodySchema } from './case.schemas.js';
import type { CaseRepository } from './case.repository.js';
import { caseListItem, caseView, caseWorkItem } from './case.views.js';
import { type HistoryEntryView, historyEntryView } from './case-history.views.js';
import { issuesFromZod } from '../errors/field-issues.js';
import type { z } from 'zod';

export interface CaseServiceDependencies {
  repository: CaseRepository;
  calendar: HolidayCalendar;
  clock: SystemClock;
  /** The partnership's workflow deps (its clock rules) and reference prefix; undefined if unknown. */
  partnership(
    partnershipId: string,
  ): Promise<
    { workflow: WorkflowDeps; referencePrefix: string; dueSoonWorkingDays?: number | undefined; themes?: string[] | undefined } | undefined
  >;
  /** The kind of an organisation of the partnership (`school`, `youth-justice`…), for who may open which route. */
  organisationKind?(partnershipId: string, organisationId: string): Promise<string | undefined>;
  /** How many learning actions of the case are not complete (for `case.closed`). */
  openActionCount(partnershipId: string, caseId: string): Promise<number>;
  /**
   * Another component's rule on an event, checked after the event parses and before it is
   * applied; throws (a RuleViolationError) to refuse it. The rapid review report uses it so that
   * a case is sent to the Panel only with a report version all three partners signed.
   */
  checkEvent?(principal: Principal, caseId: string, event: { type: string }): Promise<void>;
  warnWorkingDays: number;
}

/** The result of one event: the event as recorded, and the case after it. */
export interface EventResult {
  replayed: boolean;
  event: HistoryEntryView;
  case: ReturnType<typeof caseView>;
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError('The request body is not valid.', issuesFromZod(parsed.error, ['body']));
  return parsed.data;
}

/** 403 when the body names an event the principal's role may never send (the machine checks the rest). */
function refuseRoleForEvent(principal: Principal, body: unknown): void {
  const type = body !== null && typeof body === 'object' ? (body as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(EVENT_ROLES, type)) return;
  if (!EVENT_ROLES[type as keyof typeof EVENT_ROLES].includes(principal.role)) {
    throw new ForbiddenError(`Your role may not send ${type}.`);
  }
}

export function actorOf(principal: Principal): Actor {
  return {
    userId: principal.userId,
    role: principal.role,
    ...(principal.organisationId ? { organisationId: principal.organisationId } : {}),
    ...(principal.partner ? { partner: principal.partner } : {}),
  };
}

/** The case use cases. Routes call exactly one of these; nothing here knows about HTTP. */
export function createCaseService(deps: CaseServiceDependencies) {
  const { repository } = deps;

  async function partnershipOf(principal: Principal) {
    const partnership = await deps.partnership(principal.partnershipId);
    if (!partnership) throw new ForbiddenError('Your partnership is not set up in this service.');
    return partnership;
  }

  async function visibleCase(principal: Principal, id: string): Promise<CaseRecord> {
    const record = await repository.find(principal.partnershipId, id);
    // Another organisation's case answers exactly like a missing one: its existence is not disclosed.
    if (!record || !canSeeCase(principal, record)) throw new NotFoundError(`No case ${id}.`);
    return record;
  }

  async function present(record: CaseRecord, principal: Principal) {
    const partnership = await partnershipOf(principal);
    const accepted = record.final ? [] : acceptedEvents(partnership.workflow, record.workflow, principal.role);
    return caseView(record, principal, {
      today: todayInEngland(deps.clock),
      calendar: deps.calendar,
      // A partnership may set its own due-soon window (issue 12); otherwise the service's.
      warnWorkingDays: partnership.dueSoonWorkingDays ?? deps.warnWorkingDays,
      acceptedEvents: accepted,
    });
  }

  async function replay(principal: Principal, record: CaseRecord, key: string, hash: string): Promise<EventResult> {
    return replayed(principal, record, entryForReplay(record.history, key, hash));
  }

  /** 403 when an agency opens a route its kind of organisation does not meet (a school's youth justice incident). */
  async function refuseRouteForAgency(principal: Principal, route: Route): Promise<void> {
    if (principal.role !== 'agency' || !principal.organisationId || !deps.organisationKind) return;
    const kind = await deps.organisationKind(principal.partnershipId, principal.organisationId);
    if (!agencyKindMayOpen(route, kind)) {
      throw new ForbiddenError(
        `Your organisation may not open a case on the route ${route}; it is for ${AGENCY_KINDS_FOR[route]?.join(', ')} services.`,
      );
    }
  }

  async function replayed(principal: Principal, record: CaseRecord, entry: CaseRecord['history'][number]): Promise<EventResult> {
    return { replayed: true, event: historyEntryView(entry, principal), case: await present(record, principal) };
  }

  return {
    async open(principal: Principal, body: unknown, options: WriteOptions = {}): Promise<EventResult> {
      const partnership = await partnershipOf(principal);
      const now = deps.clock.now();
      const at = now.toISOString();
      const actor = actorOf(principal);
      const input =
        principal.role === 'agency' && body && typeof body === 'object' && !('referringOrganisationId' in body)
          ? { ...body, referringOrganisationId: principal.organisationId }
          : body;
      const hash = requestHash(input);
      // A retried opening carries the same key: derive the id from it, so the unique _id makes the
      // second insert fail and we answer with the first case instead of opening a duplicate.
      const id = newRecordId('case', principal, options.idempotencyKey);
      if (options.idempotencyKey) {
        const existing = await repository.find(principal.partnershipId, id);
        if (existing) return replay(principal, existing, options.idempotencyKey, hash);
      }

      const view = openCase(partnership.workflow, input as never, { actor, at });
      await refuseRouteForAgency(principal, (input as { route: Route }).route);
      // openCase has validated the input; parse again for its defaults and narrowed types.
      const parsedOpening: OpenCase = OpenCaseSchema.parse(input);
      // Themes from the partnership's managed list (in its spelling), or "other: …".
      const themes = checkThemes(parsedOpening.themes, partnership.themes);
      const newRules = [...newOpeningIssues(parsedOpening), ...themes.issues];
      if (newRules.length > 0) throw new ValidationError('The case opening is not valid', newRules);
      const opening: OpenCase = themes.themes ? { ...parsedOpening, themes: themes.themes } : parsedOpening;
      const openedOn = todayInEngland(deps.clock);
      const sequence = await repository.nextSequence(principal.partnershipId, Number(openedOn.slice(0, 4)));
      const referring = opening.referringOrganisationId ?? null;
      const entry: CaseHistoryEntry = {
        seq: 1,
        type: 'case.opened',
        actor,
        at,
        stateBefore: null,
        stateAfter: view.state,
        version: 1,
        fields: input as Record<string, unknown>,
        effects: view.effects,
        ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey, requestHash: hash } : {}),
      };
      const record: CaseRecord = {
        _id: id,
        partnershipId: principal.partnershipId,
        reference: `${partnership.referencePrefix}-${openedOn.slice(0, 4)}-${String(sequence).padStart(4, '0')}`,
        route: opening.route,
        ...derivedFields(view, referring, now),
        version: 1,
        referringOrganisationId: referring,
        caseData: caseDataOf(opening),
        openedOn,
        openedAt: now,
        idempotencyKeys: options.idempotencyKey ? [options.idempotencyKey] : [],
        history: [entry],
      };
      const first = await insertOnce(
        () => repository.insert(record),
        () => repository.find(principal.partnershipId, id),
        options.idempotencyKey,
      );
      if (first) return replay(principal, first, options.idempotencyKey!, hash);
      logger.info('case opened', { caseId: id, route: record.route, state: record.state });
      return { replayed: false, event: historyEntryView(entry, principal), case: await present(record, principal) };
    },

    async get(principal: Principal, id: string) {
      return present(await visibleCase(principal, id), principal);
    },

    /**
     * Moves a case to a newer machine version with the machine's explicit migration, recorded in
     * the history as `machine.migrated` (admins; If-Match as for any write).
     */
    async migrate(principal: Principal, id: string, body: unknown, options: WriteOptions): Promise<EventResult> {
      const { toVersion } = parseBody(MigrationBodySchema, body);
      const record = await visibleCase(principal, id);
      requireCurrentVersion('case', record.version, options.ifMatch);
      if (toVersion === record.workflow.machineVersion) {
        throw new RuleViolationError(`The case is already on machine version ${toVersion}.`, 'machine-version-current');
      }
      const partnership = await partnershipOf(principal);
      const view = migrateWorkflowView(partnership.workflow, record.workflow, toVersion);
      const now = deps.clock.now();
      const event = {
        type: MACHINE_MIGRATED,
        actor: actorOf(principal),
        at: now.toISOString(),
        fromVersion: record.workflow.machineVersion,
        toVersion,
      } as unknown as CaseEvent;
      const saved = await saveTransition(repository, record, view, event, now);
      if (!saved) throw new PreconditionFailedError('The case changed while it was being migrated. Reload and try again.');
      logger.info('case machine migrated', { caseId: id, toVersion });
      return { replayed: false, event: historyEntryView(saved.history.at(-1)!, principal), case: await present(saved, principal) };
    },

    /** Replays the case's history and reports any difference from what is stored (admins). */
    async verify(principal: Principal, id: string) {
      const record = await visibleCase(principal, id);
      return verifyCase(record, (await partnershipOf(principal)).workflow);
    },

    async history(principal: Principal, id: string) {
      const record = await visibleCase(principal, id);
      return {
        id: record._id,
        reference: record.reference,
        version: record.version,
        items: record.history.map((entry) => historyEntryView(entry, principal)),
      };
    },

    async list(
      principal: Principal,
      query: {
        state?: string;
        route?: string;
        overdue?: boolean;
        dueWithin?: number;
        agency?: string;
        /** Open cases, closed ones, or both (the default). */
        status?: 'open' | 'closed' | 'all';
        reference?: string;
        page: number;
        pageSize: number;
      },
    ) {
      const today = todayInEngland(deps.clock);
      const scope = listScope(principal);
      if (query.agency && scope.organisationId && query.agency !== scope.organisationId) {
        return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      }
      const { items, total } = await repository.list({
        partnershipId: principal.partnershipId,
        ...(query.state ? { state: query.state } : {}),
        ...(query.route ? { route: query.route } : {}),
        ...(query.status === 'open' ? { open: true } : query.status === 'closed' ? { open: false } : {}),
        ...(query.reference ? { reference: query.reference } : {}),
        ...(scope.organisationId || query.agency ? { organisationId: scope.organisationId ?? query.agency } : {}),
        ...(scope.reviewerId ? { reviewerId: scope.reviewerId } : {}),
        ...(query.overdue ? { nextDueBefore: today } : {}),
        ...(query.dueWithin !== undefined ? { nextDueOnOrBefore: addWorkingDays(today, query.dueWithin, deps.calendar) } : {}),
        skip: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      });
      return { items: items.map((record) => caseListItem(record, principal, today)), total, page: query.page, pageSize: query.pageSize };
    },

    /**
     * My work: the open cases the principal can see, soonest deadline first (those without one
     * after them), at most `limit`, from their summaries alone (no case is read whole).
     */
    async openWork(principal: Principal, limit: number) {
      const warnWorkingDays = (await partnershipOf(principal)).dueSoonWorkingDays ?? deps.warnWorkingDays;
      const view = { today: todayInEngland(deps.clock), calendar: deps.calendar, warnWorkingDays };
      const summaries = await repository.openCases({ partnershipId: principal.partnershipId, ...listScope(principal) }, limit);
      return summaries.filter((summary) => canSeeCase(principal, summary)).map((summary) => caseWorkItem(summary, principal, view));
    },

    /**
     * Applies one client event: checks visibility, the idempotency key (a retry gets the first
     * result), the version (If-Match), the role and the machine's rules, then saves in one
     * atomic update. A lost race is a 412 — never a silent overwrite.
     */
    async applyEvent(principal: Principal, id: string, body: unknown, given: WriteOptions): Promise<EventResult> {
      // The key is the sender's own: another user's identical key is no retry of theirs (finding 6).
      const idempotencyKey = userScopedKey(principal, given.idempotencyKey);
      const hash = requestHash(body);
      return versionedWrite({
        noun: 'case',
        request: 'your event',
        ifMatch: given.ifMatch,
        idempotencyKey,
        requestHash: hash,
        read: async () => {
          const record = await visibleCase(principal, id);
          // A role that may not send this event is refused before anything, a replay included.
          refuseRoleForEvent(principal, body);
          return record;
        },
        replayed: (record, entry) => replayed(principal, record, entry),
        save: async (record) => {
          const clientEvent = parseBody(ClientEventSchema, body);
          await deps.checkEvent?.(principal, id, clientEvent);
          const partnership = await partnershipOf(principal);
          const now = deps.clock.now();
          const event = {
            ...clientEvent,
            actor: actorOf(principal),
            at: now.toISOString(),
            ...(clientEvent.type === 'case.closed' ? { openActions: await deps.openActionCount(principal.partnershipId, id) } : {}),
          } as CaseEvent;
          const view = applyCaseEvent(partnership.workflow, record.workflow, event);
          return saveTransition(repository, record, view, event, now, idempotencyKey ? { key: idempotencyKey, hash } : undefined);
        },
        saved: async (saved) => {
          const entry = saved.history.at(-1)!;
          logger.info('case event applied', { caseId: id, type: entry.type, state: saved.state, version: saved.version });
          return { replayed: false, event: historyEntryView(entry, principal), case: await present(saved, principal) };
        },
      });
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
