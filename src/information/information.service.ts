import type mongoose from 'mongoose';
import type { Principal } from '../access/principal.js';
import type { CaseRecord } from '../cases/case.record.js';
import type { EventResult } from '../cases/case.service.js';
import {
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  RuleViolationError,
  ValidationError,
} from '../errors/app-errors.js';
import { issuesFromZod } from '../errors/field-issues.js';
import { logger } from '../logging/logger.js';
import { op } from '../database/trusted-operators.js';
import { listOrganisations } from '../partnerships/organisation.repository.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import type { z } from 'zod';
import { checkReturnDocuments, type ReadableDocuments } from './information.attachments.js';
import { ensureRequestRecords, loadTemplate } from './information.records.js';
import { type InformationRequestRecord, informationModels, type ReturnAnswer } from './information.model.js';
import { AskAgenciesBodySchema, ReturnAnswerSchema, TemplateBodySchema } from './information.schemas.js';
import { requestView } from './information.views.js';
/** A versioned write's headers: If-Match (the case version) and an optional Idempotency-Key. */
export interface WriteOptions {
  ifMatch?: number;
  idempotencyKey?: string;
}

export interface InformationServiceDeps {
  connection: mongoose.Connection;
  clock: SystemClock;
  /** The case component's read and its one way to change a case (src/cases). */
  cases: {
    find(partnershipId: string, id: string): Promise<CaseRecord | null>;
    applyEvent(principal: Principal, id: string, body: unknown, options: WriteOptions): Promise<EventResult>;
  };
  /** The case documents (src/documents): a return's attachments must be readable documents of its case. */
  documents: ReadableDocuments;
}

/** Who sees a case's requests and returns side by side. */
export const STAFF_ROLES = ['chair', 'business-unit', 'admin'] as const;

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError('The request body is not valid.', issuesFromZod(parsed.error, ['body']));
  return parsed.data;
}

function requireRevision(ifMatch: number | undefined, record: InformationRequestRecord): void {
  if (ifMatch === undefined) throw new PreconditionRequiredError('Send If-Match with the return revision you are changing (its ETag).');
  if (ifMatch !== record.revision)
    throw new PreconditionFailedError(
      `The return is at revision ${record.revision}, not ${ifMatch}: it changed meanwhile. Reload and try again.`,
    );
}

function isStaff(principal: Principal): boolean {
  return (STAFF_ROLES as readonly string[]).includes(principal.role);
}

/**
 * Information requests and agency returns. A request is made through the lifecycle (the event
 * `agency-information.requested`, which sets the due date on the agency-returns clock and lets the
 * agency see the case), and its record here is derived from that history entry; the first
 * submission of a return records `agency-information.returned` the same way.
 */
export function createInformationService(deps: InformationServiceDeps) {
  const { InformationRequest, InformationTemplate } = informationModels(deps.connection);

  const templateOf = (partnershipId: string) => loadTemplate(deps.connection, partnershipId);

  async function organisationNames(partnershipId: string): Promise<Map<string, string>> {
    return new Map((await listOrganisations(deps.connection, partnershipId)).map((organisation) => [organisation.id, organisation.name]));
  }

  async function caseOf(principal: Principal, caseId: string): Promise<CaseRecord> {
    const record = await deps.cases.find(principal.partnershipId, caseId);
    if (!record) throw new NotFoundError(`No case ${caseId}.`);
    return record;
  }

  const ensureRequests = (record: CaseRecord) => ensureRequestRecords(deps.connection, record, deps.clock.now());

  /** A request the principal may see: the asked agency's own, or any of the partnership for staff. 404 otherwise. */
  async function visibleRequest(principal: Principal, requestId: string): Promise<InformationRequestRecord> {
    const record = await InformationRequest.findOne({
      _id: requestId,
      partnershipId: principal.partnershipId,
    }).lean<InformationRequestRecord>();
    if (!record || (!isStaff(principal) && record.organisationId !== principal.organisationId))
      throw new NotFoundError(`No information request ${requestId}.`);
    return record;
  }

  async function ownRequest(principal: Principal, requestId: string): Promise<InformationRequestRecord> {
    const record = await visibleRequest(principal, requestId);
    if (record.organisationId !== principal.organisationId) throw new ForbiddenError('Only the agency asked may answer this request.');
    return record;
  }

  async function present(record: InformationRequestRecord, principal: Principal) {
    const names = await organisationNames(principal.partnershipId);
    return requestView(record, names.get(record.organisationId) ?? record.organisationId, isStaff(principal) ? 'staff' : 'agency');
  }

  /** Writes the return only if it is still at `revision` (and in one of `statuses`); null when it is not. */
  async function writeReturn(
    record: InformationRequestRecord,
    statuses: string[],
    set: Record<string, unknown>,
    push?: Record<string, unknown>,
  ) {
    const filter: Record<string, unknown> = {
      _id: record._id,
      partnershipId: record.partnershipId,
      revision: record.revision,
      status: op({ $in: statuses }),
    };
    return InformationRequest.findOneAndUpdate(
      filter,
      { $set: set, $inc: { revision: 1 }, ...(push ? { $push: push } : {}) },
      { returnDocument: 'after', lean: true },
    ) as Promise<InformationRequestRecord | null>;
  }

  async function caseInformation(principal: Principal, caseId: string) {
    const record = await caseOf(principal, caseId);
    await ensureRequests(record);
    const names = await organisationNames(principal.partnershipId);
    const requests = await InformationRequest.find({ partnershipId: principal.partnershipId, caseId })
      .sort({ seq: 1, organisationId: 1 })
      .lean<InformationRequestRecord[]>();
    const views = requests.map((request) => requestView(request, names.get(request.organisationId) ?? request.organisationId, 'staff'));
    // What is still missing: each agency's latest request, not submitted.
    const latest = new Map(requests.map((request) => [request.organisationId, request]));
    const missing = [...latest.values()]
      .filter((request) => request.status !== 'submitted')
      .map((request) => ({
        id: request.organisationId,
        name: names.get(request.organisationId) ?? request.organisationId,
        dueOn: request.dueOn,
      }));
    // The agencies ticked when the case was opened and not asked yet: pre-filled on the request form.
    const opening = record.history[0]?.fields['agencies'];
    const ticked = Array.isArray(opening) ? opening.filter((agency): agency is string => typeof agency === 'string') : [];
    const suggestedAgencies = ticked
      .filter((agency) => !latest.has(agency) && names.has(agency))
      .map((agency) => ({ id: agency, name: names.get(agency)! }));
    return { caseId, reference: record.reference, caseVersion: record.version, requests: views, missing, suggestedAgencies };
  }

  return {
    async template(principal: Principal) {
      return templateOf(principal.partnershipId);
    },

    async updateTemplate(principal: Principal, body: unknown, ifMatch: number | undefined) {
      const template = parseBody(TemplateBodySchema, body);
      const current = await templateOf(principal.partnershipId);
      if (ifMatch === undefined)
        throw new PreconditionRequiredError('Send If-Match with the template version you are changing (its ETag).');
      if (ifMatch !== current.version) throw new PreconditionFailedError(`The template is at version ${current.version}, not ${ifMatch}.`);
      const set = {
        questions: template.questions,
        share: template.share,
        version: current.version + 1,
        updatedAt: deps.clock.now(),
        updatedBy: principal.userId,
      };
      if (current.version === 0) {
        try {
          await InformationTemplate.collection.insertOne({ _id: principal.partnershipId, ...set } as never);
        } catch (error) {
          if ((error as { code?: unknown }).code !== 11000) throw error;
          throw new PreconditionFailedError('The template changed meanwhile. Reload and try again.');
        }
      } else {
        const updated = await InformationTemplate.updateOne({ _id: principal.partnershipId, version: current.version }, { $set: set });
        if (updated.matchedCount !== 1) throw new PreconditionFailedError('The template changed meanwhile. Reload and try again.');
      }
      return { ...template, version: set.version, custom: true };
    },

    caseInformation,

    /** Asks agencies through the lifecycle; the requests' records and e-mails follow from the history entry. */
    async ask(principal: Principal, caseId: string, body: unknown, options: WriteOptions) {
      const input = parseBody(AskAgenciesBodySchema, body);
      const names = await organisationNames(principal.partnershipId);
      const unknown = input.agencies.filter((agency) => !names.has(agency));
      if (unknown.length > 0) {
        throw new ValidationError('The request body is not valid.', [
          {
            path: 'body.agencies',
            code: 'unknown-organisation',
            message: `not an organisation of this partnership: ${unknown.join(', ')}`,
          },
        ]);
      }
      await caseOf(principal, caseId);
      const result = await deps.cases.applyEvent(principal, caseId, { type: 'agency-information.requested', ...input }, options);
      const record = await caseOf(principal, caseId);
      await ensureRequests(record);
      logger.info('information requested', { caseId, agencies: input.agencies.length, replayed: result.replayed });
      return { replayed: result.replayed, information: await caseInformation(principal, caseId) };
    },

    /** An agency's requests (My work): newest due first is least useful, so soonest due first. */
    async myRequests(principal: Principal) {
      if (!principal.organisationId) return { items: [] };
      const rows = await InformationRequest.find({ partnershipId: principal.partnershipId, organisationId: principal.organisationId })
        .select({ _id: 1, caseId: 1, reference: 1, requestedOn: 1, dueOn: 1, status: 1, version: 1 })
        .sort({ dueOn: 1, _id: 1 })
        .limit(500)
        .lean<Pick<InformationRequestRecord, '_id' | 'caseId' | 'reference' | 'requestedOn' | 'dueOn' | 'status' | 'version'>[]>();
      return {
        items: rows.map((row) => ({
          id: row._id,
          caseId: row.caseId,
          reference: row.reference,
          requestedOn: row.requestedOn,
          dueOn: row.dueOn,
          status: row.status,
          version: row.version,
        })),
      };
    },

    async request(principal: Principal, requestId: string) {
      return present(await visibleRequest(principal, requestId), principal);
    },

    /** Saves the agency's draft (If-Match: the revision); a submitted return is read-only (422). */
    async saveDraft(principal: Principal, requestId: string, body: unknown, ifMatch: number | undefined) {
      const answer: ReturnAnswer = parseBody(ReturnAnswerSchema, body);
      const record = await ownRequest(principal, requestId);
      if (record.status === 'submitted')
        throw new RuleViolationError('This return is submitted and read-only. Ask the business unit to reopen it.', 'return-submitted');
      requireRevision(ifMatch, record);
      await checkReturnDocuments(deps.documents, principal, record.caseId, answer.documentIds);
      const saved = await writeReturn(record, ['not-started', 'draft'], {
        answer,
        status: 'draft',
        savedAt: deps.clock.now(),
        savedBy: principal.userId,
      });
      if (!saved) throw new PreconditionFailedError('The return changed meanwhile. Reload and try again.');
      return present(saved, principal);
    },

    /**
     * Submits the saved draft. The first submission records `agency-information.returned` on the
     * case (meeting the agency-returns clock once every agency has returned); a resubmission after
     * a reopening does not record it twice.
     */
    async submit(principal: Principal, requestId: string, ifMatch: number | undefined) {
      const record = await ownRequest(principal, requestId);
      if (record.status === 'submitted') throw new RuleViolationError('This return is already submitted.', 'return-submitted');
      requireRevision(ifMatch, record);
      if (!record.answer || record.answer.summary.trim() === '') {
        throw new RuleViolationError('Save a summary of your involvement before submitting.', 'return-incomplete');
      }
      await checkReturnDocuments(deps.documents, principal, record.caseId, record.answer.documentIds);
      const today = todayInEngland(deps.clock);
      if (record.version === 1) await recordReturnOnCase(principal, record, today);
      const submitted = await writeReturn(record, ['draft'], {
        status: 'submitted',
        submittedOn: today,
        submittedAt: deps.clock.now(),
        lastSubmittedAt: deps.clock.now(),
        submittedBy: principal.userId,
      });
      if (!submitted) throw new PreconditionFailedError('The return changed meanwhile. Reload and try again.');
      logger.info('agency return submitted', { requestId, version: submitted.version });
      return present(submitted, principal);
    },

    /** The business unit reopens a submitted return: the submitted version is kept, the agency edits the next. */
    async reopen(principal: Principal, requestId: string, ifMatch: number | undefined) {
      const record = await visibleRequest(principal, requestId);
      if (record.status !== 'submitted') throw new RuleViolationError('Only a submitted return can be reopened.', 'return-not-submitted');
      requireRevision(ifMatch, record);
      const kept = {
        version: record.version,
        answer: record.answer!,
        submittedOn: record.submittedOn!,
        submittedAt: record.submittedAt!,
        submittedBy: record.submittedBy!,
        reopenedAt: deps.clock.now(),
        reopenedBy: principal.userId,
      };
      const reopened = await writeReturn(
        record,
        ['submitted'],
        { status: 'draft', version: record.version + 1, submittedOn: null, submittedAt: null, submittedBy: null },
        { previousVersions: kept },
      );
      if (!reopened) throw new PreconditionFailedError('The return changed meanwhile. Reload and try again.');
      return present(reopened, principal);
    },
  };

  /**
   * `agency-information.returned` on the case, as the agency, once: an idempotency key per request
   * makes a retried submission replay rather than record twice. When the lifecycle no longer
   * waits for this agency (the business unit ticked it returned already), nothing is recorded.
   */
  async function recordReturnOnCase(principal: Principal, request: InformationRequestRecord, today: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const record = await caseOf(principal, request.caseId);
      const context = (record.workflow.snapshot as { context?: { agencyRequests?: { agency: string; returnedOn: string | null }[] } })
        .context;
      const outstanding =
        context?.agencyRequests?.some((candidate) => candidate.agency === request.organisationId && candidate.returnedOn === null) ?? false;
      const key = `information-return:${request._id}`;
      if (!outstanding) return; // already recorded (by an earlier attempt of this submission, or by the business unit)
      try {
        await deps.cases.applyEvent(
          principal,
          request.caseId,
          { type: 'agency-information.returned', agency: request.organisationId, returnedOn: today },
          { ifMatch: record.version, idempotencyKey: key },
        );
        return;
      } catch (error) {
        // A case that has moved on (closed, or no longer waiting for returns) still gets the agency's
        // answer: the return is the agency's record; the lifecycle simply does not record it.
        if (
          error instanceof InvalidTransitionError ||
          (error instanceof RuleViolationError && error.rule === 'agency-information-not-requested')
        ) {
          logger.info('agency return not recorded on the case', {
            requestId: request._id,
            rule: error instanceof RuleViolationError ? error.rule : 'invalid-transition',
          });
          return;
        }
        if (!(error instanceof PreconditionFailedError)) throw error; // someone else changed the case: read it again
      }
    }
    throw new PreconditionFailedError('The case kept changing while your return was recorded. Try again.');
  }
}

export type InformationService = ReturnType<typeof createInformationService>;
