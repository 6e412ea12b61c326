import type { RecordedStep } from '../cases/case-history.queries.js';
import { informationRequestId } from '../information/information-request.id.js';
import type { MessageDraft } from './message.model.js';

/**
 * Which messages a case's history owes, derived from what the transitions stored. Pure.
 *
 * Why derive rather than write the outbox inside the transition: a transition is one atomic update
 * of one case document (ARCHITECTURE decision 2) and there are no multi-document transactions, so
 * an outbox entry in another collection cannot be part of it. The history entry already is: its
 * `effects` (and its event type and fields) are saved in that same atomic update. The outbox is
 * therefore derived from the stored history, by key: `case:<caseId>:<seq>:<what>`. Deriving again
 * (a restart, a second instance, an overlapping scan) produces the same keys, and the unique `_id`
 * refuses the second insert, so every message is planned exactly once and none is lost if the
 * process dies between the transition and the outbox write.
 */

/** The slice of a case the derivation reads (through src/cases' query, never its model). */
export interface CaseHistorySlice {
  _id: string;
  partnershipId: string;
  reference: string;
  history: RecordedStep[];
}

/** Notices made by people through the Panel's own portal (or by letter): tasks, never e-mailed. */
export const NOTICE_BODIES = {
  'notify-panel': 'panel',
  'notify-secretary-of-state': 'secretary-of-state',
  'notify-ofsted': 'ofsted',
  'notify-nspcc': 'nspcc',
} as const;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[a-z0-9-]{1,60}$/;

/**
 * The parameters a template may show: reason codes and calendar dates only. An effect's detail can
 * hold free text (a pause's reasons, a publication address); that stays on the case.
 * @example safeParams({ reason: 'sin-withdrawn', dueOn: '2025-03-10', reasons: 'free text' }) //=> { reason: 'sin-withdrawn', dueOn: '2025-03-10' }
 */
export function safeParams(detail: Record<string, unknown>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(detail)) {
    if (typeof value !== 'string') continue;
    if (
      name.endsWith('On')
        ? CALENDAR_DATE.test(value)
        : name === 'reason' || name === 'document' || name === 'process'
          ? CODE.test(value)
          : false
    )
      params[name] = value;
  }
  return params;
}

/**
 * Every message the history entries recorded at or after `since` (ISO instant) owe. Earlier
 * entries were derived by an earlier pass, or predate the outbox (nobody is e-mailed about last
 * year). Entries imported from a partnership's own log owe nothing: they happened before.
 */
export function messagesOfCase(record: CaseHistorySlice, since: string): MessageDraft[] {
  const drafts: MessageDraft[] = [];
  for (const entry of record.history) {
    if (entry.imported || entry.at < since) continue;
    const base = { partnershipId: record.partnershipId, caseId: record._id, reference: record.reference };
    const source = { kind: 'case-history', id: record._id, seq: entry.seq, actorId: entry.actor.userId, at: entry.at };
    const key = (what: string) => `case:${record._id}:${entry.seq}:${what}`;
    entry.effects.forEach((effect, index) => {
      if (effect.kind === 'notify-partners') {
        drafts.push({
          ...base,
          _id: key(`partners-told:${index}`),
          kind: 'email',
          template: 'partners-told',
          audience: { role: 'partner-lead' },
          params: safeParams(effect.detail),
          source,
        });
      } else if (effect.kind === 'request-agency-information') {
        const agencies = Array.isArray(effect.detail['agencies'])
          ? effect.detail['agencies'].filter((agency): agency is string => typeof agency === 'string')
          : [];
        for (const agency of agencies) {
          const params = { ...safeParams(effect.detail), requestId: informationRequestId(record._id, entry.seq, agency) };
          drafts.push({
            ...base,
            _id: key(`agency-asked:${agency}`),
            kind: 'email',
            template: 'agency-asked',
            audience: { role: 'agency', organisationId: agency },
            params,
            source,
          });
        }
      } else if (Object.hasOwn(NOTICE_BODIES, effect.kind)) {
        const body = NOTICE_BODIES[effect.kind as keyof typeof NOTICE_BODIES];
        drafts.push({
          ...base,
          _id: key(`notice-${body}:${index}`),
          kind: 'task',
          template: `notice-${body}`,
          audience: null,
          params: safeParams(effect.detail),
          source,
        });
      }
    });
    if (entry.type === 'reviewer.appointed' && typeof entry.fields['reviewerId'] === 'string') {
      drafts.push({
        ...base,
        _id: key('reviewer-appointed'),
        kind: 'email',
        template: 'reviewer-appointed',
        audience: { role: 'reviewer', userId: entry.fields['reviewerId'] },
        params: {},
        source,
      });
    }
  }
  return drafts;
}
