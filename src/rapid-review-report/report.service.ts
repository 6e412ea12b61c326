import type { Principal } from '../access/principal.js';
import type { Partner } from '../access/roles.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { CaseContext } from '../../workflows/case-context.js';
import type { CaseData } from '../cases/case.record.js';
import type { DocumentService } from '../documents/document.service.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../errors/app-errors.js';
import { issuesFromZod } from '../errors/field-issues.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import type { AgencyContribution, AgencyContributions } from './agency-contributions.port.js';
import { buildReportContent } from './report.content.js';
import { renderReportDocx } from './report.docx.js';
import type { ReportRecord, ReportVersionRecord } from './report.model.js';
import type { ReportRepository } from './report.repository.js';
import { QueryVersionSchema, ReportTextSchema, SendToPanelSchema, SignOffVersionSchema } from './report.schemas.js';
import { sendRefusal, signOffRefusal } from './report.signing.js';
import { reportView } from './report.views.js';

/** What the report needs to know of a case the principal may see. */
export interface ReportCase {
  id: string;
  reference: string;
  caseData: CaseData;
  context: Pick<CaseContext, 'route' | 'rapidReview' | 'agencyRequests'>;
}

/** The rapid review meeting a decision was taken at (src/meetings). */
export interface DecisionMeeting {
  id: string;
  heldOn: CalendarDate;
  attendees: string[];
}

export interface ReportServiceDependencies {
  repository: ReportRepository;
  documents: Pick<DocumentService, 'storeGenerated'>;
  clock: SystemClock;
  readCase(principal: Principal, caseId: string): Promise<ReportCase | undefined>;
  partnershipName(partnershipId: string): Promise<string>;
  organisationNames(partnershipId: string): Promise<Map<string, string>>;
  /** The agency returns' summaries; absent until the returns component is wired in. */
  agencyContributions?: AgencyContributions | undefined;
  /** The meeting the case's rapid review decision was taken at; absent: none recorded. */
  decisionMeeting?: ((principal: Principal, caseId: string) => Promise<DecisionMeeting | null>) | undefined;
  /**
   * The case's own statutory steps, applied through the case component as the same principal:
   * a partner's sign-off of the decision (only when that partner has not signed it yet), and
   * the submission to the Panel.
   */
  caseSteps: {
    signOff(principal: Principal, caseId: string, partner: Partner, signedOn: CalendarDate): Promise<void>;
    submit(principal: Principal, caseId: string, submittedOn: CalendarDate): Promise<void>;
  };
}

const WRITERS = ['chair', 'business-unit'];
const emptyText = { analysis: '', immediateSafetyActions: '', learning: '' };

function parse<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } },
  body: unknown,
): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError('The request body is not valid.', issuesFromZod(parsed.error, ['body']));
  return parsed.data;
}

/**
 * The rapid review report: the business unit writes its own parts and generates versions (each a
 * DOCX stored as a version of the case's report document); partner leads sign off or query a
 * specific version; the business unit sends to the Panel only a version all three signed.
 */
export function createReportService(deps: ReportServiceDependencies) {
  async function caseOf(principal: Principal, caseId: string): Promise<ReportCase> {
    const found = await deps.readCase(principal, caseId);
    if (!found) throw new NotFoundError('No such case.');
    return found;
  }

  function requireWriter(principal: Principal) {
    if (!WRITERS.includes(principal.role))
      throw new ForbiddenError('Only the business unit or the chair prepares the rapid review report.');
  }

  async function current(principal: Principal, caseId: string): Promise<ReportRecord> {
    const found = await deps.repository.find(principal.partnershipId, caseId);
    if (found) return found;
    const fresh: ReportRecord = {
      _id: caseId,
      partnershipId: principal.partnershipId,
      caseId,
      documentId: null,
      text: { ...emptyText },
      versions: [],
      sentToPanel: null,
      rev: 0,
      updatedAt: deps.clock.now(),
    };
    await deps.repository.insert(fresh);
    const stored = await deps.repository.find(principal.partnershipId, caseId);
    if (!stored) throw new ConflictError('The report could not be started. Try again.');
    return stored;
  }

  async function save(record: ReportRecord, expectedRev: number): Promise<ReportRecord> {
    const saved = await deps.repository.replace({ ...record, updatedAt: deps.clock.now() }, expectedRev);
    if (!saved) throw new ConflictError('The report was changed by someone else at the same time. Reload it and try again.');
    return saved;
  }

  function versionOf(record: ReportRecord | null, version: number): ReportVersionRecord {
    const found = record?.versions.find((candidate) => candidate.version === version);
    if (!found) throw new NotFoundError(`The report has no version ${version}.`);
    return found;
  }

  function checkDay(on: CalendarDate, notBefore: CalendarDate, field: string) {
    const today = todayInEngland(deps.clock);
    if (on > today) throw new RuleViolationError(`${field} cannot be after today.`, 'date-in-future');
    if (on < notBefore)
      throw new RuleViolationError(`${field} cannot be before the version was generated (${notBefore}).`, 'date-before-version');
  }

  async function contributions(principal: Principal, found: ReportCase): Promise<{ items: AgencyContribution[]; fromReturns: boolean }> {
    if (deps.agencyContributions) return { items: await deps.agencyContributions(principal.partnershipId, found.id), fromReturns: true };
    const names = await deps.organisationNames(principal.partnershipId);
    const items = found.context.agencyRequests.map((request) => ({
      organisationName: names.get(request.agency) ?? request.agency,
      summary: request.returnedOn ? `information returned on ${request.returnedOn}.` : 'asked for information; nothing returned yet.',
    }));
    return { items, fromReturns: false };
  }

  return {
    async get(principal: Principal, caseId: string) {
      const found = await caseOf(principal, caseId);
      return reportView(found.id, await deps.repository.find(principal.partnershipId, found.id));
    },

    async setText(principal: Principal, caseId: string, body: unknown) {
      requireWriter(principal);
      const text = parse(ReportTextSchema, body);
      const found = await caseOf(principal, caseId);
      const record = await current(principal, found.id);
      if (record.sentToPanel) throw new RuleViolationError('The report has been sent to the Panel.', 'report-already-sent');
      return reportView(found.id, await save({ ...record, text }, record.rev));
    },

    /** Generates version n+1 from the record as it is now and stores its DOCX. */
    async generate(principal: Principal, caseId: string, idempotencyKey?: string) {
      requireWriter(principal);
      const found = await caseOf(principal, caseId);
      // A retry of a generation that went through answers the report as it is (the key is the user's own).
      const key = idempotencyKey ? `${principal.userId}\u0000${idempotencyKey}` : undefined;
      const earlier = key ? await deps.repository.find(principal.partnershipId, found.id) : null;
      if (earlier?.versions.some((version) => version.idempotencyKey === key))
        return { replayed: true, report: reportView(found.id, earlier) };
      if (!found.context.rapidReview.decision)
        throw new RuleViolationError('Record the rapid review decision before generating the report.', 'report-needs-decision');
      const record = await current(principal, found.id);
      if (record.sentToPanel) throw new RuleViolationError('The report has been sent to the Panel.', 'report-already-sent');
      const version = (record.versions.at(-1)?.version ?? 0) + 1;
      const today = todayInEngland(deps.clock);
      const meeting = (await deps.decisionMeeting?.(principal, found.id)) ?? null;
      const agencies = await contributions(principal, found);
      const content = buildReportContent({
        reference: found.reference,
        partnershipName: await deps.partnershipName(principal.partnershipId),
        version,
        generatedOn: today,
        caseData: found.caseData,
        context: found.context,
        contributions: agencies.items,
        contributionsFromReturns: agencies.fromReturns,
        text: record.text,
        meeting,
      });
      const bytes = await renderReportDocx(content);
      const stored = await deps.documents.storeGenerated(
        principal,
        found.id,
        'rapid-review-report',
        `Rapid review report ${found.reference}`,
        { bytes, fileName: `Rapid review ${found.reference} v${version}.docx` },
        record.documentId,
      );
      const entry: ReportVersionRecord = {
        version,
        documentVersion: stored.latestVersion,
        generatedBy: principal.userId,
        generatedOn: today,
        generatedAt: deps.clock.now(),
        meetingId: meeting?.id ?? null,
        signOffs: [],
        queries: [],
        ...(key ? { idempotencyKey: key } : {}),
      };
      return {
        replayed: false,
        report: reportView(found.id, await save({ ...record, documentId: stored._id, versions: [...record.versions, entry] }, record.rev)),
      };
    },

    async signOff(principal: Principal, caseId: string, versionNumber: number, body: unknown) {
      const partner = principal.partner;
      if (principal.role !== 'partner-lead' || !partner) throw new ForbiddenError('Only a safeguarding partner lead signs off the report.');
      const { signedOn = todayInEngland(deps.clock) } = parse(SignOffVersionSchema, body);
      const found = await caseOf(principal, caseId);
      const record = await deps.repository.find(principal.partnershipId, found.id);
      const version = versionOf(record, versionNumber);
      const refusal = signOffRefusal(record!, version, partner);
      if (refusal) throw new RuleViolationError(refusal.detail, refusal.rule);
      checkDay(signedOn, version.generatedOn, 'The sign-off date');
      // The case's own sign-off of the decision first: retrying after a failure here repeats nothing.
      await deps.caseSteps.signOff(principal, found.id, partner, signedOn);
      const signed = { ...version, signOffs: [...version.signOffs, { partner, userId: principal.userId, signedOn, at: deps.clock.now() }] };
      return reportView(
        found.id,
        await save({ ...record!, versions: record!.versions.map((v) => (v.version === versionNumber ? signed : v)) }, record!.rev),
      );
    },

    async query(principal: Principal, caseId: string, versionNumber: number, body: unknown) {
      const partner = principal.partner;
      if (principal.role !== 'partner-lead' || !partner) throw new ForbiddenError('Only a safeguarding partner lead queries the report.');
      const { comment, queriedOn = todayInEngland(deps.clock) } = parse(QueryVersionSchema, body);
      const found = await caseOf(principal, caseId);
      const record = await deps.repository.find(principal.partnershipId, found.id);
      const version = versionOf(record, versionNumber);
      const refusal = signOffRefusal(record!, version, partner);
      if (refusal && refusal.rule !== 'report-version-queried' && refusal.rule !== 'report-version-signed-once')
        throw new RuleViolationError(refusal.detail, refusal.rule);
      checkDay(queriedOn, version.generatedOn, 'The query date');
      const queried = {
        ...version,
        queries: [...version.queries, { partner, userId: principal.userId, comment, queriedOn, at: deps.clock.now() }],
      };
      return reportView(
        found.id,
        await save({ ...record!, versions: record!.versions.map((v) => (v.version === versionNumber ? queried : v)) }, record!.rev),
      );
    },

    /**
     * The case component's check before `rapid-review.submitted`, however it is sent (the case
     * page's own form included): once a report version exists, the case goes to the Panel only
     * with the latest version signed by all three partners. A case without a report version is
     * left to the case's own rules.
     */
    async checkCaseEvent(principal: Principal, caseId: string, event: { type: string }) {
      if (event.type !== 'rapid-review.submitted') return;
      const record = await deps.repository.find(principal.partnershipId, caseId);
      const latest = record?.versions.at(-1);
      if (!record || !latest || record.sentToPanel) return;
      const refusal = sendRefusal(record, latest);
      if (refusal)
        throw new RuleViolationError(
          `The rapid review report is not ready to send: ${refusal.detail}`,
          refusal.rule,
          refusal.missing ? { missing: refusal.missing } : {},
        );
    },

    /** Sends a version to the Panel: only one all three partners signed (422 otherwise), and records the case's submission. */
    async sendToPanel(principal: Principal, caseId: string, body: unknown) {
      requireWriter(principal);
      const { version: versionNumber, submittedOn } = parse(SendToPanelSchema, body);
      const found = await caseOf(principal, caseId);
      const record = await deps.repository.find(principal.partnershipId, found.id);
      const version = versionOf(record, versionNumber);
      const refusal = sendRefusal(record!, version);
      if (refusal) throw new RuleViolationError(refusal.detail, refusal.rule, refusal.missing ? { missing: refusal.missing } : {});
      checkDay(submittedOn, version.generatedOn, 'The submission date');
      await deps.caseSteps.submit(principal, found.id, submittedOn);
      return reportView(
        found.id,
        await save(
          { ...record!, sentToPanel: { version: versionNumber, sentOn: submittedOn, by: principal.userId, at: deps.clock.now() } },
          record!.rev,
        ),
      );
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
