import type { Clock } from '../calendar/clock-state.js';
import type { ClockId } from '../calendar/clock-rules.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { Actor, PersistedWorkflow } from '../../workflows/case-workflow.js';
import type { Child, OpenCase } from '../../workflows/case-open.schema.js';

/** One entry of a case's history: what happened, who did it, and the state either side. */
export interface CaseHistoryEntry {
  seq: number;
  type: string;
  actor: Actor;
  at: string;
  stateBefore: string | null;
  stateAfter: string;
  /** The case version this entry produced. */
  version: number;
  /** The event's own fields (for `case.opened`, the opening; for replay and the timeline). */
  fields: Record<string, unknown>;
  idempotencyKey?: string;
  requestHash?: string;
  /** What the workflow asked the service to do after this transition. */
  effects: { kind: string; detail: Record<string, unknown> }[];
  /** On a case imported from a partnership's case log (src/imports): who imported it, when, from which line. */
  imported?: { by: string; at: string; line: number; formerReference: string; inferred?: true };
}

/** The case data DOMAIN.md allows us to keep ("Data minimisation"). */
export interface CaseData {
  incidentOn: CalendarDate;
  laAwareOn: CalendarDate;
  partnersAwareOn: CalendarDate;
  children: Child[];
  laArea: string;
  residentLaArea?: string;
  leadPartnership?: string;
  themes: string[];
  summary?: string;
  /** Why the agency referred the case, when it said. */
  referralReason?: string;
  /** The agencies named as involved when the case was opened (information requests start from them). */
  agencies?: string[];
}

/** What a case keeps of its opening: the awareness dates defaulted, optional parts only when given. */
export function caseDataOf(opening: OpenCase): CaseData {
  return {
    incidentOn: opening.incidentOn,
    laAwareOn: opening.laAwareOn,
    partnersAwareOn: opening.partnersAwareOn ?? opening.laAwareOn,
    children: opening.children,
    laArea: opening.laArea,
    ...(opening.residentLaArea ? { residentLaArea: opening.residentLaArea } : {}),
    ...(opening.leadPartnership ? { leadPartnership: opening.leadPartnership } : {}),
    themes: opening.themes ?? [],
    ...(opening.summary ? { summary: opening.summary } : {}),
    ...(opening.referralReason ? { referralReason: opening.referralReason } : {}),
    ...(opening.agencies?.length ? { agencies: opening.agencies } : {}),
  };
}

export interface OpenDeadline {
  clockId: ClockId;
  dueOn: CalendarDate;
}

/** A case as stored: one document, changed only by one atomic update per transition. */
export interface CaseRecord {
  _id: string;
  partnershipId: string;
  reference: string;
  /** The reference the case had in the partnership's own log before it was imported (src/imports). */
  formerReference?: string;
  route: string;
  edition: string;
  workflow: PersistedWorkflow;
  state: string;
  stage: string;
  final: boolean;
  version: number;
  clocks: Clock[];
  /** Derived: every clock not yet met, for the deadline dashboard. */
  openDeadlines: OpenDeadline[];
  /** Derived: the earliest open due date (null when none), for sorting and the overdue filter. */
  nextDueOn: CalendarDate | null;
  /** Derived: the earliest open due date the sweeper has not yet recorded as passed. */
  sweepDueOn: CalendarDate | null;
  referringOrganisationId: string | null;
  /** Organisations that may see this case: the referrer and every agency asked for information. */
  organisationIds: string[];
  reviewerIds: string[];
  caseData: CaseData;
  openedOn: CalendarDate;
  openedAt: Date;
  updatedAt: Date;
  idempotencyKeys: string[];
  history: CaseHistoryEntry[];
}
