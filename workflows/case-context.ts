/**
 * What a case's machine remembers (its XState context): plain JSON, no class instances, absent
 * values as `null`. The children's details and the free-text summary stay in the case record the
 * service keeps; the workflow holds only what the process needs (route, dates, decisions, clocks).
 */
import type { CalendarDate, Clock, ClockId, ClockRule, HolidayCalendar } from '../src/calendar/index.js';
import type { Actor, ActorRole, Partner } from './roles.js';
import type { NotificationKind, Route } from './statutory-routes.js';
import type { Edition } from './editions.js';
import type { NotificationCriteria, OpenCase, PartnersAgreement } from './case-open.schema.js';
import type { DisseminationKind, NoticeRecipient, PauseProcess, ScreeningOutcome } from './case-events.schema.js';

/** What a machine needs from outside: the holiday calendar and the partnership's clock rules. */
export interface CaseMachineDeps {
  calendar: HolidayCalendar;
  clockRules: readonly ClockRule[];
}

/** Input of a machine's first transition (openCase builds it). */
export interface CaseMachineInput {
  open: OpenCase;
  actor: Actor;
  at: string;
  edition: Edition;
}

/** Who did something and when (every record carries it). */
export interface Recorded {
  by: string;
  role: ActorRole;
  at: string;
}

export interface ScreeningRecord extends Recorded {
  outcome: ScreeningOutcome;
  reasons: string;
  learningType: string | null;
  process: string | null;
  /** v4: what screening found about abuse or neglect. */
  abuseOrNeglect?: 'known' | 'suspected' | 'not-suspected' | null;
}

export interface NotificationRecord extends Recorded {
  kind: NotificationKind;
  submittedOn: CalendarDate;
}

export interface DatedRecord extends Recorded {
  on: CalendarDate;
}

export interface ReasonedRecord extends Recorded {
  reasons: string;
}

export interface AgencyRequest {
  agency: string;
  requestedOn: CalendarDate;
  dueOn: CalendarDate | null;
  returnedOn: CalendarDate | null;
  requestedBy: string;
}

export interface RapidReviewDecision extends Recorded {
  localReview: boolean;
  nationalReviewSuggested: boolean;
  criteriaMet: string[];
  reasons: string;
  /** The meeting the decision was taken at (src/meetings), when the decision names it. */
  meetingId?: string;
  /** The day the partners decided (when given; else the day it was recorded). */
  decidedOn?: CalendarDate;
  /** v4: the learning is taken forward through another review instead of an LCSPR. */
  otherReview?: string | null;
}

/** v4: an immediate action taken to keep children safe, recorded during the rapid review. */
export interface SafetyAction extends Recorded {
  action: string;
  takenOn: CalendarDate;
  organisationId: string | null;
}

/** v4: the Panel asked for more information (no new decision or sign-off); answered when sent. */
export interface PanelInformationRequest extends Recorded {
  comments: string;
  requestedOn: CalendarDate;
  answeredOn: CalendarDate | null;
}

/** v4: how the learning was spread. */
export interface DisseminationRecord extends Recorded {
  kind: DisseminationKind;
  disseminatedOn: CalendarDate;
  audience: string;
  reach: number;
}

export interface SignOff extends Recorded {
  partner: Partner;
  on: CalendarDate;
}

/** A rapid review sent (or, without a SIN, completed): the decision and sign-offs it carried. */
export interface Submission extends Recorded {
  submittedOn: CalendarDate;
  localReview: boolean;
  partners: Partner[];
}

export interface RapidReviewRecord {
  meetings: (Recorded & { heldOn: CalendarDate })[];
  decision: RapidReviewDecision | null;
  signOffs: SignOff[];
  submissions: Submission[];
}

export interface PanelResponseRecord extends Recorded {
  response: 'agreed' | 'challenged' | 'national-review';
  localReview: boolean | null;
  comments: string;
  receivedOn: CalendarDate;
}

/** The local review steps a pause can return to. */
export type LocalReviewStep = 'appointing' | 'scoping' | 'inProgress' | 'qualityAssurance';

export interface LocalReviewRecord {
  commissionedOn: CalendarDate | null;
  commissionedBy: string | null;
  reviewerId: string | null;
  termsAgreedOn: CalendarDate | null;
  monitoring: (DatedRecord & { notes: string })[];
  drafts: DatedRecord[];
  qualityAssuredOn: CalendarDate | null;
  signOffs: SignOff[];
  /** While paused: the step to resume. */
  pausedFrom: LocalReviewStep | null;
  /** v4: the decision to initiate the review (the partners', or the Panel's agreement where it changed it). */
  initiatedOn?: CalendarDate | null;
  /** v4: the day the 6-month clock starts: `initiatedOn`, or a later day with reasons. */
  clockStartsOn?: CalendarDate | null;
  clockStartReasons?: string | null;
}

export interface PauseRecord extends Recorded {
  process: PauseProcess;
  from: CalendarDate;
  expectedEndOn: CalendarDate;
  reasons: string | null;
  resumedOn: CalendarDate | null;
}

export interface PublicationRecord {
  decision: (Recorded & { form: 'full' | 'improvements-only'; plannedOn: CalendarDate; reasons: string | null }) | null;
  /** True between a deferral and the next decision. */
  deferred: boolean;
  notice: (Recorded & { recipients: NoticeRecipient[]; sentOn: CalendarDate }) | null;
  deferrals: (DatedRecord & { reasons: string; reviewOn: CalendarDate })[];
  published: (Recorded & { publishedOn: CalendarDate; address: string }) | null;
}

export type ClosureKind = 'closed' | 'sin-withdrawn' | 'referred-elsewhere' | 'no-further-action';

export interface ClosureRecord extends DatedRecord {
  kind: ClosureKind;
  reasons: string;
  /** Open actions when closed (counted by the server). */
  openActions: number;
  /** True when the chair closed a case whose actions were not all complete. */
  chairOverride: boolean;
}

/** A `deadline.passed` recorded once per clock and due date. */
export interface DeadlineNotice {
  clockId: ClockId;
  dueOn: CalendarDate;
  notedAt: string;
}

export interface EditionChange extends ReasonedRecord {
  from: Edition;
  to: Edition;
}

/** A machine-version migration, kept on the case so its history shows it. */
export interface MachineMigrationNote {
  fromVersion: number;
  toVersion: number;
  notes: string[];
}

/** The context of machine versions 2 and 3 (version 3 adds only lapses on its clocks). */
export interface CaseContext {
  route: Route;
  edition: Edition;
  opened: DatedRecord;
  dates: { incidentOn: CalendarDate; laAwareOn: CalendarDate; partnersAwareOn: CalendarDate };
  laArea: string;
  residentLaArea: string | null;
  leadPartnership: string | null;
  agencies: string[];
  referringOrganisationId: string | null;
  screening: ScreeningRecord | null;
  notification: NotificationRecord | null;
  /** v2: when the LA told the safeguarding partners (serious-incident route). */
  partnersInformed: (Recorded & { informedOn: CalendarDate }) | null;
  withdrawal: ReasonedRecord | null;
  agencyRequests: AgencyRequest[];
  rapidReview: RapidReviewRecord;
  panelResponses: PanelResponseRecord[];
  localReview: LocalReviewRecord;
  pauses: PauseRecord[];
  publication: PublicationRecord;
  learningCompleted: DatedRecord | null;
  actionPlanCompleted: DatedRecord | null;
  closure: ClosureRecord | null;
  /** The running clocks, one per clock id. */
  clocks: Clock[];
  /** Clocks replaced by a restart (a resubmitted rapid review, a re-planned publication). */
  archivedClocks: Clock[];
  deadlineNotices: DeadlineNotice[];
  editionHistory: EditionChange[];
  /** v2: machine-version migrations this case went through. */
  machineMigrations: MachineMigrationNote[];
  // ---- version 4 (optional so older versions' contexts keep their shape; v4 always sets them) ----
  /** v4: the notification criteria recorded at opening. */
  notificationCriteria?: NotificationCriteria | null;
  /** v4: the three partners' agreement that the incident is notified. */
  partnersAgreement?: PartnersAgreement | null;
  /** v4: telling the partners waived by the chair, with reasons (instead of `partnersInformed`). */
  partnersInformedWaiver?: (Recorded & { reasons: string; waivedOn: CalendarDate }) | null;
  safetyActions?: SafetyAction[];
  panelInformationRequests?: PanelInformationRequest[];
  dissemination?: DisseminationRecord[];
  /** v4: the published report's submission to the NSPCC national case review repository. */
  repositorySubmission?: (Recorded & { submittedOn: CalendarDate; address: string | null }) | null;
}

/** The fields machine version 4 adds, with the value an older case migrates to. */
export const V4_DEFAULTS = {
  notificationCriteria: null,
  partnersAgreement: null,
  partnersInformedWaiver: null,
  safetyActions: [],
  panelInformationRequests: [],
  dissemination: [],
  repositorySubmission: null,
} as const satisfies Partial<CaseContext>;

/** The context of machine version 1 (no partners-informed tracking, no migration notes). */
export type CaseContextV1 = Omit<CaseContext, 'partnersInformed' | 'machineMigrations'>;
/** The context of machine version 4: every version-4 field present. */
export type CaseContextV4 = CaseContext & Required<Pick<CaseContext, keyof typeof V4_DEFAULTS>>;

/** The record of an actor at an instant. */
export function recorded(actor: Actor, at: string): Recorded {
  return { by: actor.userId, role: actor.role, at };
}
