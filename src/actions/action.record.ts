import type { CalendarDate } from '../calendar/calendar-date.js';

/**
 * Learning actions as stored (DOMAIN.md "Action plans"). A recommendation and each action under it
 * are one document each; an action changes only by one atomic compare-and-set update per change,
 * with its history entry and idempotency key in the same write (ARCHITECTURE decision 2).
 */

/** Where a recommendation comes from. `rapid-review` and `local-review` always name a case. */
export const RECOMMENDATION_SOURCES = [
  'rapid-review',
  'local-review',
  'national-review',
  'multi-agency-audit',
  'section-11',
  'independent-scrutiny',
] as const;
export type RecommendationSource = (typeof RECOMMENDATION_SOURCES)[number];

/** Sources that must name a case; `national-review` may; the others never do. */
export const CASE_SOURCES: readonly RecommendationSource[] = ['rapid-review', 'local-review'];
export const OPTIONAL_CASE_SOURCES: readonly RecommendationSource[] = ['national-review'];

/** The RAG rating. `complete` set by the owner or business unit proposes completion; the chair signs it off. */
export const RAGS = ['red', 'amber', 'green', 'complete'] as const;
export type Rag = (typeof RAGS)[number];

/**
 * Derived from RAG and sign-off: `open` (red, amber or green), `awaiting-sign-off` (RAG complete,
 * not yet signed off by the chair), `complete` (signed off).
 */
export const ACTION_STATUSES = ['open', 'awaiting-sign-off', 'complete'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const FREQUENCIES = ['quarterly', 'annually', 'ongoing'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** A recurring target: due dates fall every period counted from `startOn` (none for `ongoing`). */
export interface Recurrence {
  frequency: Frequency;
  startOn: CalendarDate;
}

/** Who did something, set by the server from the token. */
export interface ActorRef {
  userId: string;
  role: string;
  organisationId?: string;
}

/** A dated progress note: appended, never changed or removed. */
export interface ProgressNote {
  seq: number;
  /** The England date it was written (server-set). */
  on: CalendarDate;
  at: string;
  by: ActorRef;
  text: string;
}

/** Evidence that the action changed practice ("how will we know we have achieved it?"). */
export interface ImpactEvidence {
  seq: number;
  /** The date the evidence is from (given by the user, never in the future). */
  evidencedOn: CalendarDate;
  at: string;
  by: ActorRef;
  text: string;
}

export interface SignOff {
  on: CalendarDate;
  at: string;
  by: ActorRef;
  note: string | null;
}

/** The target an action is measured against: a date, or a recurrence. */
export interface ActionTarget {
  targetOn: CalendarDate | null;
  recurrence: Recurrence | null;
}

/** A change of target: the original is kept, and every revision with its reason (DOMAIN.md "Clocks"). */
export interface TargetRevision {
  seq: number;
  on: CalendarDate;
  at: string;
  by: ActorRef;
  reason: string;
  from: ActionTarget;
  to: ActionTarget;
}

/** One entry of an action's (or a recommendation's) history. */
export interface ActionHistoryEntry {
  seq: number;
  type: string;
  actor: ActorRef;
  at: string;
  /** The version this entry produced. */
  version: number;
  fields: Record<string, unknown>;
  idempotencyKey?: string;
  requestHash?: string;
}

export interface RecommendationRecord {
  _id: string;
  partnershipId: string;
  /** `NTH-R-0007`: the partnership's prefix and a running number. */
  reference: string;
  seq: number;
  source: RecommendationSource;
  caseId: string | null;
  caseReference: string | null;
  /** A partnership priority such as `neglect`. */
  priority: string | null;
  text: string;
  createdOn: CalendarDate;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  idempotencyKeys: string[];
  history: ActionHistoryEntry[];
}

export interface ActionRecord extends ActionTarget {
  _id: string;
  partnershipId: string;
  /** `NTH-R-0007.2`: the recommendation's reference and the action's number under it. */
  reference: string;
  recommendationId: string;
  recommendationReference: string;
  recommendationSeq: number;
  seq: number;
  // Copied from the recommendation (which never changes them), so lists filter in one query.
  source: RecommendationSource;
  priority: string | null;
  caseId: string | null;
  caseReference: string | null;
  text: string;
  ownerOrganisationId: string;
  /** The lead: a name or role, free text. */
  lead: string;
  originalTarget: ActionTarget;
  targetRevisions: TargetRevision[];
  rag: Rag;
  /** Derived from rag and signOff. */
  status: ActionStatus;
  /** Derived: the date the action is next due (null for `ongoing`); overdue the day after. */
  dueOn: CalendarDate | null;
  /** Derived: the date of the latest progress note (moves a recurring action's due date on). */
  lastNoteOn: CalendarDate | null;
  /** Derived: at least one piece of impact evidence. */
  hasImpactEvidence: boolean;
  progressNotes: ProgressNote[];
  impactEvidence: ImpactEvidence[];
  signOff: SignOff | null;
  createdOn: CalendarDate;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  idempotencyKeys: string[];
  history: ActionHistoryEntry[];
}
