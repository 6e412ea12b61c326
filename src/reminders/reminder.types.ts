import type { CalendarDate } from '../calendar/calendar-date.js';
import type { OverdueAction, OverdueActionQuery } from '../actions/action.queries.js';

/**
 * The vocabulary of reminders, shared by the planner, the deliverer and the calendar feeds.
 * A reminder names a case clock or a learning action, the due date and the threshold reached;
 * it never carries a child's details (DOMAIN.md, data minimisation).
 */

/** `due-soon`: inside the warning window (DEADLINE_WARNING_WORKING_DAYS); `overdue`: the date has passed. */
export const REMINDER_THRESHOLDS = ['due-soon', 'overdue'] as const;
export type ReminderThreshold = (typeof REMINDER_THRESHOLDS)[number];

export type ReminderSubjectKind = 'case-clock' | 'action';

/** The pseudo clock id of a learning action's target date. */
export const ACTION_TARGET_CLOCK = 'action-target';

/** Something that has reached a reminder threshold today: what the planner writes to the outbox. */
export interface ReminderCandidate {
  kind: ReminderSubjectKind;
  partnershipId: string;
  /** The case id, or the action id. */
  subjectId: string;
  /** The case a clock (or an action, when it has one) belongs to. */
  caseId: string | null;
  /** The case reference (`NTH-2025-0001`) or the action's reference. */
  reference: string;
  /** A clock id of src/calendar/clock-rules.ts, or {@link ACTION_TARGET_CLOCK}. */
  clockId: string;
  /** The clock's title (from the clock table), never free text someone typed. */
  title: string;
  dueOn: CalendarDate;
  threshold: ReminderThreshold;
  /** A statutory clock: an overdue reminder also goes to the chair. */
  statutory: boolean;
  /** For actions: the organisation that owns it (its agency users are told). */
  ownerOrganisationId: string | null;
}

/**
 * A learning action whose target date has passed (it is overdue from the day after its target
 * date unless complete), from the action plan's read port; `reference` is a short identifier,
 * never the action's text.
 */
export type { OverdueAction, OverdueActionQuery } from '../actions/action.queries.js';

/**
 * How the action-plan component plugs its actions into reminders and calendar feeds. Until it
 * exists, {@link NO_ACTIONS} stands in.
 * @example
 * const source: ActionDeadlineSource = {
 *   overdueActions: ({ partnershipId, today, limit }) => actions.findOverdue(partnershipId, today, limit),
 *   stillOverdue: (partnershipId, actionId, targetOn, today) => actions.isOverdue(partnershipId, actionId, targetOn, today),
 * };
 */
export interface ActionDeadlineSource {
  overdueActions(query: OverdueActionQuery): Promise<OverdueAction[]>;
  /**
   * Asked just before a reminder is sent: is this action still overdue with this target date?
   * False makes the queued reminder obsolete (not sent). Absent: always true.
   */
  stillOverdue?(partnershipId: string, actionId: string, targetOn: CalendarDate, today: CalendarDate): Promise<boolean>;
}

/** The stand-in while no action-plan component is plugged in: no action is ever overdue. */
export const NO_ACTIONS: ActionDeadlineSource = { overdueActions: async () => [] };
