import type { Principal } from '../access/principal.js';
import type { Role } from '../access/roles.js';
import type { CaseHistoryEntry } from './case.record.js';

/**
 * What each role may read of one history entry (issue 14, finding 1): an allow-list per role,
 * applied to `GET /api/cases/:id/history`, to event results and to idempotent replays alike.
 *
 * - `full`: the partners and their staff (and a reviewer, on the reviews assigned to them) read
 *   every recorded field, with actor, states and version.
 * - `agency`: an agency asked for information, or that referred, gets what happened, when and in
 *   which stage; the actor and fields only of its own organisation's events. The partners'
 *   reasons, the Panel's comments, pauses and their processes, other agencies and reviewer ids
 *   stay with the partners (the case page already showed agencies no more than this).
 */
export const HISTORY_VIEW_BY_ROLE: Readonly<Record<Role, 'full' | 'agency'>> = {
  chair: 'full',
  'business-unit': 'full',
  'partner-lead': 'full',
  reviewer: 'full',
  viewer: 'full',
  admin: 'full',
  agency: 'agency',
};

export interface HistoryActorView {
  userId: string;
  role: string;
  organisationId?: string | undefined;
}

/** An entry as a role that sees the whole case reads it. */
export interface FullHistoryEntryView {
  seq: number;
  type: string;
  actor: HistoryActorView;
  at: string;
  stateBefore: string | null;
  stateAfter: string;
  version: number;
  fields: Record<string, unknown>;
  /** Only on a step imported from the partnership's case log: who imported it, when, and from which line. */
  imported?: CaseHistoryEntry['imported'];
}

/** An entry as an agency reads it: `actor` is present, and `fields` filled, for its own organisation's events only. */
export interface AgencyHistoryEntryView {
  seq: number;
  type: string;
  at: string;
  stage: string;
  actor?: HistoryActorView;
  fields: Record<string, unknown>;
}

export type HistoryEntryView = FullHistoryEntryView | AgencyHistoryEntryView;

function actorView(entry: CaseHistoryEntry): HistoryActorView {
  return { userId: entry.actor.userId, role: entry.actor.role, organisationId: entry.actor.organisationId };
}

/** The opening's case data is never repeated in the history (the case view carries what each role may see of it). */
function recordedFields(entry: CaseHistoryEntry): Record<string, unknown> {
  return entry.type === 'case.opened' ? {} : { ...entry.fields };
}

/**
 * One history entry as `principal` may read it.
 * @example historyEntryView(entry, { role: 'agency', organisationId: 'north-school', … })
 * //=> { seq: 7, type: 'rapid-review.decided', at: '…', stage: 'rapidReview', fields: {} }
 */
export function historyEntryView(entry: CaseHistoryEntry, principal: Principal): HistoryEntryView {
  if (HISTORY_VIEW_BY_ROLE[principal.role] === 'full') {
    return {
      seq: entry.seq,
      type: entry.type,
      actor: actorView(entry),
      at: entry.at,
      stateBefore: entry.stateBefore,
      stateAfter: entry.stateAfter,
      version: entry.version,
      fields: recordedFields(entry),
      ...(entry.imported ? { imported: entry.imported } : {}),
    };
  }
  const own = typeof principal.organisationId === 'string' && entry.actor.organisationId === principal.organisationId;
  return {
    seq: entry.seq,
    type: entry.type,
    at: entry.at,
    // The stage, not the state: `localReview.paused` would tell what the type alone does not.
    stage: entry.stateAfter.split('.')[0]!,
    ...(own ? { actor: actorView(entry) } : {}),
    fields: own ? recordedFields(entry) : {},
  };
}
