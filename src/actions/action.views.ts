import type { Principal } from '../access/principal.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { CsvColumn } from '../shared/csv.js';
import { seesCaseLinks } from './action.access.js';
import type { ActionHistoryEntry, ActionRecord, ActorRef } from './action.record.js';
import { isOverdue } from './action.schedule.js';

/**
 * What leaves the service. Views are built field by field from an allow-list (never by spreading
 * the stored record), so the write log, idempotency keys and internal fields never reach a client.
 */

function actorView(actor: ActorRef) {
  return { userId: actor.userId, role: actor.role, organisationId: actor.organisationId };
}

function caseLink(record: { caseId: string | null; caseReference: string | null }, principal: Principal) {
  return seesCaseLinks(principal) ? { caseId: record.caseId, caseReference: record.caseReference } : {};
}

/** An action in a list: enough to manage the plan, without the full note and evidence trail. */
export function actionSummary(record: ActionRecord, principal: Principal, today: CalendarDate) {
  const latest = record.progressNotes.at(-1);
  return {
    id: record._id,
    reference: record.reference,
    recommendationId: record.recommendationId,
    recommendationReference: record.recommendationReference,
    source: record.source,
    priority: record.priority,
    ...caseLink(record, principal),
    text: record.text,
    ownerOrganisationId: record.ownerOrganisationId,
    lead: record.lead,
    targetOn: record.targetOn,
    recurrence: record.recurrence,
    dueOn: record.dueOn,
    overdue: isOverdue(record, today),
    rag: record.rag,
    status: record.status,
    hasImpactEvidence: record.hasImpactEvidence,
    progressNoteCount: record.progressNotes.length,
    latestProgressNote: latest ? { on: latest.on, text: latest.text } : null,
    signedOffOn: record.signOff?.on ?? null,
    version: record.version,
  };
}

/** One action in full: every progress note, piece of evidence and target revision. */
export function actionView(record: ActionRecord, principal: Principal, today: CalendarDate) {
  return {
    ...actionSummary(record, principal, today),
    originalTarget: record.originalTarget,
    targetRevisions: record.targetRevisions.map((revision) => ({
      seq: revision.seq,
      on: revision.on,
      at: revision.at,
      by: actorView(revision.by),
      reason: revision.reason,
      from: revision.from,
      to: revision.to,
    })),
    progressNotes: record.progressNotes.map((note) => ({
      seq: note.seq,
      on: note.on,
      at: note.at,
      by: actorView(note.by),
      text: note.text,
    })),
    impactEvidence: record.impactEvidence.map((evidence) => ({
      seq: evidence.seq,
      evidencedOn: evidence.evidencedOn,
      at: evidence.at,
      by: actorView(evidence.by),
      text: evidence.text,
    })),
    signOff: record.signOff && {
      on: record.signOff.on,
      at: record.signOff.at,
      by: actorView(record.signOff.by),
      note: record.signOff.note,
    },
    createdOn: record.createdOn,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

export type ActionView = ReturnType<typeof actionView>;

/** A history entry for the timeline (the idempotency key and request hash stay inside). */
export function historyView(entry: ActionHistoryEntry) {
  return { seq: entry.seq, type: entry.type, actor: actorView(entry.actor), at: entry.at, version: entry.version, fields: entry.fields };
}

/** `awaiting-sign-off` → `Awaiting sign off`: the word people read for a stored code. */
function sentence(code: string | null | undefined): string | null | undefined {
  if (!code) return code;
  const words = code.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The CSV columns of the action list; agencies get no case column. `readable` writes codes
 * (source, RAG, status, recurrence, overdue) as the words the pages use, for people opening the
 * file in a spreadsheet; the API's export keeps the codes its callers match on.
 */
export function actionCsvColumns(
  principal: Principal,
  today: CalendarDate,
  organisationNames: ReadonlyMap<string, string>,
  readable = false,
): CsvColumn<ActionRecord>[] {
  const label = readable ? sentence : (code: string | null | undefined) => code;
  const columns: (CsvColumn<ActionRecord> | false)[] = [
    { header: 'Reference', value: (r) => r.reference },
    { header: 'Recommendation', value: (r) => r.recommendationReference },
    { header: 'Source', value: (r) => label(r.source) },
    { header: 'Priority', value: (r) => label(r.priority) },
    seesCaseLinks(principal) && { header: 'Case', value: (r) => r.caseReference },
    { header: 'Action', value: (r) => r.text },
    { header: 'Owner', value: (r) => organisationNames.get(r.ownerOrganisationId) ?? r.ownerOrganisationId },
    !readable && { header: 'Owner id', value: (r) => r.ownerOrganisationId },
    { header: 'Lead', value: (r) => r.lead },
    { header: 'Target date', value: (r) => r.targetOn },
    { header: 'Recurrence', value: (r) => label(r.recurrence?.frequency) },
    { header: 'Recurrence start', value: (r) => r.recurrence?.startOn },
    { header: 'Due date', value: (r) => r.dueOn },
    { header: 'Overdue', value: (r) => label(isOverdue(r, today) ? 'yes' : 'no') },
    { header: 'RAG', value: (r) => label(r.rag) },
    { header: 'Status', value: (r) => label(r.status) },
    { header: 'Signed off on', value: (r) => r.signOff?.on },
    { header: 'Progress notes', value: (r) => r.progressNotes.length },
    { header: 'Latest progress note on', value: (r) => r.progressNotes.at(-1)?.on },
    { header: 'Latest progress note', value: (r) => r.progressNotes.at(-1)?.text },
    { header: 'Evidence of impact', value: (r) => r.impactEvidence.length },
    { header: 'Latest evidence on', value: (r) => r.impactEvidence.at(-1)?.evidencedOn },
    { header: 'Latest evidence of impact', value: (r) => r.impactEvidence.at(-1)?.text },
  ];
  return columns.filter((column): column is CsvColumn<ActionRecord> => column !== false);
}
