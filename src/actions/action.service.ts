import { insertOnce } from '../shared/idempotent-create.js';
import { userScopedKey } from '../shared/idempotency-scope.js';
import type { Principal } from '../access/principal.js';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../errors/app-errors.js';
import { issuesFromZod } from '../errors/field-issues.js';
import { logger } from '../logging/logger.js';
import { toCsv } from '../shared/csv.js';
import { requestHash } from '../shared/request-hash.js';
import { todayInEngland } from '../shared/system-clock.js';
import { AGENCY_PATCH_FIELDS, canSeeAction, editsPlan, mayReportProgress, maySignOff, ownerScope } from './action.access.js';
import type { ActionHistoryEntry, ActionRecord, ActionTarget, TargetRevision } from './action.record.js';
import type { ActionAppend, ActionFilter, ActionSet } from './action.repository.js';
import { dueOnOf, sameTarget, statusOf } from './action.schedule.js';
import { type ActionEvent, ActionEventSchema, type ActionListQuery, CreateActionSchema, PatchActionSchema } from './action.schemas.js';
import { actionCsvColumns, actionSummary, actionView, historyView } from './action.views.js';
import { entryForReplay, versionedWrite, type WriteOptions } from '../shared/versioned-write.js';
import { actorRefOf, historyEntry, newRecordId } from './action.writes.js';
import { type ActionPlanDependencies, exportTooLarge, prefixOf, requireOpenCase } from './recommendation.service.js';

/** The result of a change: the history entry it made, and the action after it. */
export interface ActionChangeResult {
  replayed: boolean;
  event: ReturnType<typeof historyView>;
  action: ReturnType<typeof actionView>;
}

/** A change worked out from the current record: what to replace, what to append, what to record. */
interface Change {
  type: string;
  set: Omit<ActionSet, 'updatedAt'>;
  append: ActionAppend;
  fields: Record<string, unknown>;
}

/**
 * The action use cases. Routes call exactly one of these; nothing here knows about HTTP.
 *
 * Completion: the owner, business unit or chair sets RAG `complete` (status `awaiting-sign-off`:
 * no longer overdue); the chair then signs it off (`action.signed-off`, status `complete`: no
 * longer open, so the case may close). After sign-off the RAG, text, owner and target are fixed;
 * progress notes and evidence of impact may still be added.
 */
export function createActionService(deps: ActionPlanDependencies) {
  const { actions, recommendations } = deps;
  const today = () => todayInEngland(deps.clock);

  async function visible(principal: Principal, id: string): Promise<ActionRecord> {
    const record = await actions.find(principal.partnershipId, id);
    // Another partnership's or another agency's action answers exactly like a missing one.
    if (!record || !canSeeAction(principal, record)) throw new NotFoundError(`No action ${id}.`);
    return record;
  }

  function result(record: ActionRecord, entry: ActionHistoryEntry, principal: Principal, replayed: boolean): ActionChangeResult {
    return { replayed, event: historyView(entry), action: actionView(record, principal, today()) };
  }

  function filterFor(principal: Principal, query: Omit<ActionListQuery, 'page' | 'pageSize'>): ActionFilter | undefined {
    const owner = ownerScope(principal);
    // An agency asking for another owner's actions gets none (not an error: nothing is disclosed).
    if (owner !== undefined && query.owner !== undefined && query.owner !== owner) return undefined;
    const ownerId = owner ?? query.owner;
    return {
      partnershipId: principal.partnershipId,
      ...(ownerId !== undefined ? { ownerOrganisationId: ownerId } : {}),
      ...(query.source ? { source: query.source } : {}),
      ...(query.priority ? { priority: query.priority } : {}),
      ...(query.rag ? { rag: query.rag } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.overdue !== undefined ? { overdue: { value: query.overdue, today: today() } } : {}),
      ...(query.impact ? { hasImpactEvidence: query.impact === 'with' } : {}),
      ...(query.caseId ? { caseId: query.caseId } : {}),
      ...(query.recommendationId ? { recommendationId: query.recommendationId } : {}),
    };
  }

  async function requireOrganisation(partnershipId: string, organisationId: string): Promise<void> {
    if (!(await deps.organisationExists(partnershipId, organisationId))) {
      throw new RuleViolationError(`There is no organisation ${organisationId} in your partnership.`, 'owner-organisation-unknown');
    }
  }

  /**
   * The write path shared by PATCH and events: replay a retried key, insist on If-Match, work out
   * the change, and save it in one compare-and-set. A lost race is a 412, never an overwrite.
   */
  async function write(
    principal: Principal,
    id: string,
    body: unknown,
    given: WriteOptions,
    kind: 'patch' | 'event',
    decide: (record: ActionRecord) => Promise<Change>,
  ): Promise<ActionChangeResult> {
    // The key is the sender's own: another user's identical key is no retry of theirs (issue 14, finding 6).
    const options = { ...given, idempotencyKey: userScopedKey(principal, given.idempotencyKey) };
    const hash = requestHash({ [kind]: body });
    return versionedWrite({
      noun: 'action',
      request: 'your change',
      ifMatch: options.ifMatch,
      idempotencyKey: options.idempotencyKey,
      requestHash: hash,
      read: () => visible(principal, id),
      replayed: (record, entry) => result(record, entry, principal, true),
      save: async (record) => {
        const change = await decide(record);
        const now = deps.clock.now();
        const entry = historyEntry(
          principal,
          { seq: record.history.length + 1, version: record.version + 1, type: change.type, fields: change.fields },
          now,
          { key: options.idempotencyKey, hash },
        );
        return actions.applyChange(record.partnershipId, id, record.version, { ...change.set, updatedAt: now }, change.append, entry);
      },
      saved: (saved) => {
        logger.info('action changed', { actionId: id, type: saved.history.at(-1)!.type, version: saved.version });
        return result(saved, saved.history.at(-1)!, principal, false);
      },
    });
  }

  function patchChange(principal: Principal) {
    return async (record: ActionRecord, body: unknown): Promise<Change> => {
      const parsed = PatchActionSchema.safeParse(body);
      if (!parsed.success) throw new ValidationError('The change is not valid.', issuesFromZod(parsed.error, ['body']));
      const input = parsed.data;
      if (!editsPlan(principal)) {
        const refused = Object.entries(input).filter(([field, value]) => value !== undefined && !AGENCY_PATCH_FIELDS.includes(field));
        if (refused.length > 0) {
          throw new ForbiddenError(
            `Only the chair and the business unit may change ${refused.map(([field]) => field).join(', ')}; an owning agency may change the lead.`,
          );
        }
      }
      if (record.signOff) throw new RuleViolationError('The action is signed off: it can no longer be edited.', 'action-signed-off');
      const set: Change['set'] = {};
      const append: ActionAppend = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of ['text', 'lead', 'ownerOrganisationId'] as const) {
        const value = input[field];
        if (value !== undefined && value !== record[field]) {
          set[field] = value;
          changes[field] = { from: record[field], to: value };
        }
      }
      if (set.ownerOrganisationId !== undefined) await requireOrganisation(record.partnershipId, set.ownerOrganisationId);
      if (input.targetOn !== undefined || input.recurrence !== undefined) {
        const from: ActionTarget = { targetOn: record.targetOn, recurrence: record.recurrence };
        const to: ActionTarget = { targetOn: input.targetOn ?? null, recurrence: input.recurrence ?? null };
        if (!sameTarget(from, to)) {
          const revision: TargetRevision = {
            seq: record.targetRevisions.length + 1,
            on: today(),
            at: deps.clock.now().toISOString(),
            by: actorRefOf(principal),
            reason: input.reason!,
            from,
            to,
          };
          Object.assign(set, { targetOn: to.targetOn, recurrence: to.recurrence, dueOn: dueOnOf(to, record.lastNoteOn) });
          append.targetRevisions = revision;
          changes['target'] = { from, to };
        }
      }
      if (Object.keys(changes).length === 0) {
        throw new RuleViolationError('The change names only values the action already has.', 'nothing-to-change');
      }
      return { type: 'action.updated', set, append, fields: { changes, ...(input.reason !== undefined ? { reason: input.reason } : {}) } };
    };
  }

  /** An action's notes and evidence are capped, so its document never nears 16 MB (issue 14, finding 11). */
  function refuseWhenFull(count: number, what: string): void {
    if (count >= deps.maxNotes) {
      throw new RuleViolationError(
        `This action already holds ${deps.maxNotes} ${what}, the most one action may. Summarise them in a new action, or ask an administrator.`,
        'action-notes-full',
      );
    }
  }

  function eventChange(principal: Principal) {
    return async (record: ActionRecord, body: unknown): Promise<Change> => {
      const parsed = ActionEventSchema.safeParse(body);
      if (!parsed.success) throw new ValidationError('The event is not valid.', issuesFromZod(parsed.error, ['body']));
      const event: ActionEvent = parsed.data;
      const { type, ...fields } = event;
      const on = today();
      const at = deps.clock.now().toISOString();
      const by = actorRefOf(principal);
      if (event.type === 'action.signed-off') {
        if (!maySignOff(principal)) throw new ForbiddenError('Only the chair signs off an action as complete.');
      } else if (!mayReportProgress(principal, record)) {
        throw new ForbiddenError('Only the chair, the business unit and the owning agency report on an action.');
      }
      switch (event.type) {
        case 'action.progress-noted':
          refuseWhenFull(record.progressNotes.length, 'progress notes');
          return {
            type,
            set: { lastNoteOn: on, dueOn: dueOnOf(record, on) },
            append: { progressNotes: { seq: record.progressNotes.length + 1, on, at, by, text: event.text } },
            fields,
          };
        case 'action.rag-changed':
          if (record.signOff) throw new RuleViolationError('The action is signed off: its RAG rating is final.', 'action-signed-off');
          if (event.rag === record.rag) throw new RuleViolationError(`The RAG rating is already ${record.rag}.`, 'rag-unchanged');
          return { type, set: { rag: event.rag, status: statusOf(event.rag, null) }, append: {}, fields: { ...fields, from: record.rag } };
        case 'action.impact-evidenced':
          refuseWhenFull(record.impactEvidence.length, 'pieces of evidence of impact');
          if (event.evidencedOn > on) {
            throw new RuleViolationError(`Evidence of impact cannot be dated after today (${on}).`, 'evidence-date-in-future');
          }
          return {
            type,
            set: { hasImpactEvidence: true },
            append: { impactEvidence: { seq: record.impactEvidence.length + 1, evidencedOn: event.evidencedOn, at, by, text: event.text } },
            fields,
          };
        case 'action.signed-off':
          if (record.signOff) throw new RuleViolationError(`The action was signed off on ${record.signOff.on}.`, 'action-signed-off');
          if (record.rag !== 'complete') {
            throw new RuleViolationError(
              `The action's RAG rating is ${record.rag}: set it to complete (completion reported) before signing it off.`,
              'completion-not-reported',
            );
          }
          return {
            type,
            set: { signOff: { on, at, by, note: event.note ?? null }, status: 'complete' },
            append: {},
            fields,
          };
      }
    };
  }

  return {
    async create(principal: Principal, body: unknown, options: WriteOptions = {}) {
      const hash = requestHash(body);
      const id = newRecordId('action', principal, options.idempotencyKey);
      if (options.idempotencyKey) {
        const existing = await actions.find(principal.partnershipId, id);
        if (existing) return result(existing, entryForReplay(existing.history, options.idempotencyKey, hash), principal, true);
      }
      const parsed = CreateActionSchema.safeParse(body);
      if (!parsed.success) throw new ValidationError('The action is not valid.', issuesFromZod(parsed.error, ['body']));
      const input = parsed.data;
      await prefixOf(deps, principal);
      const recommendation = await recommendations.find(principal.partnershipId, input.recommendationId);
      if (!recommendation) {
        throw new RuleViolationError(`There is no recommendation ${input.recommendationId} in your partnership.`, 'recommendation-unknown');
      }
      if (recommendation.caseId) await requireOpenCase(deps, principal.partnershipId, recommendation.caseId);
      await requireOrganisation(principal.partnershipId, input.ownerOrganisationId);
      const now = deps.clock.now();
      const target: ActionTarget = { targetOn: input.targetOn ?? null, recurrence: input.recurrence ?? null };
      const seq = await actions.nextSequence(recommendation._id);
      const entry = historyEntry(principal, { seq: 1, version: 1, type: 'action.created', fields: { ...input } }, now, {
        key: options.idempotencyKey,
        hash,
      });
      const record: ActionRecord = {
        _id: id,
        partnershipId: principal.partnershipId,
        reference: `${recommendation.reference}.${seq}`,
        recommendationId: recommendation._id,
        recommendationReference: recommendation.reference,
        recommendationSeq: recommendation.seq,
        seq,
        source: recommendation.source,
        priority: recommendation.priority,
        caseId: recommendation.caseId,
        caseReference: recommendation.caseReference,
        text: input.text,
        ownerOrganisationId: input.ownerOrganisationId,
        lead: input.lead,
        ...target,
        originalTarget: target,
        targetRevisions: [],
        rag: input.rag,
        status: statusOf(input.rag, null),
        dueOn: dueOnOf(target, null),
        lastNoteOn: null,
        hasImpactEvidence: false,
        progressNotes: [],
        impactEvidence: [],
        signOff: null,
        createdOn: today(),
        createdAt: now,
        updatedAt: now,
        version: 1,
        idempotencyKeys: options.idempotencyKey ? [options.idempotencyKey] : [],
        history: [entry],
      };
      const first = await insertOnce(
        () => actions.insert(record),
        () => actions.find(principal.partnershipId, id),
        options.idempotencyKey,
      );
      if (first) return result(first, entryForReplay(first.history, options.idempotencyKey!, hash), principal, true);
      logger.info('action created', { actionId: id, recommendationId: recommendation._id });
      return result(record, entry, principal, false);
    },

    async get(principal: Principal, id: string) {
      return actionView(await visible(principal, id), principal, today());
    },

    async history(principal: Principal, id: string) {
      const record = await visible(principal, id);
      return { id: record._id, reference: record.reference, version: record.version, items: record.history.map(historyView) };
    },

    async list(principal: Principal, query: ActionListQuery) {
      const filter = filterFor(principal, query);
      if (!filter) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      const { items, total } = await actions.list(filter, { skip: (query.page - 1) * query.pageSize, limit: query.pageSize });
      const on = today();
      return { items: items.map((item) => actionSummary(item, principal, on)), total, page: query.page, pageSize: query.pageSize };
    },

    /** Every matching action as CSV (pagination does not apply); `readable` for the web page's download. */
    async exportCsv(
      principal: Principal,
      query: ActionListQuery,
      options: { readable?: boolean } = {},
    ): Promise<{ csv: string; rows: number }> {
      const on = today();
      const filter = filterFor(principal, query);
      const columns = actionCsvColumns(
        principal,
        on,
        filter ? await deps.organisationNames(principal.partnershipId) : new Map(),
        options.readable,
      );
      if (!filter) return { csv: toCsv(columns, []), rows: 0 };
      const rows = await actions.count(filter);
      if (rows > deps.exportMaxRows) throw exportTooLarge(rows, deps.exportMaxRows);
      const records: ActionRecord[] = [];
      for await (const record of actions.cursor(filter)) {
        records.push(record);
        if (records.length > deps.exportMaxRows) throw exportTooLarge(records.length, deps.exportMaxRows);
      }
      return { csv: toCsv(columns, records), rows: records.length };
    },

    /** PATCH: the editable fields (text, lead, owner, target with a reason). */
    async update(principal: Principal, id: string, body: unknown, options: WriteOptions): Promise<ActionChangeResult> {
      const decide = patchChange(principal);
      return write(principal, id, body, options, 'patch', (record) => decide(record, body));
    },

    /** A progress note, a RAG change, evidence of impact, or the chair's sign-off. */
    async applyEvent(principal: Principal, id: string, body: unknown, options: WriteOptions): Promise<ActionChangeResult> {
      const decide = eventChange(principal);
      return write(principal, id, body, options, 'event', (record) => decide(record, body));
    },

    /** How many of a case's actions the chair has not signed off (the case.closed guard). */
    async countOpenActions(partnershipId: string, caseId: string): Promise<number> {
      return actions.countNotComplete(partnershipId, caseId);
    },
  };
}

export type ActionService = ReturnType<typeof createActionService>;
