import { op } from '../database/trusted-operators.js';
import type mongoose from 'mongoose';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { actionModels } from './action.model.js';
import type { ActionRecord } from './action.record.js';

type ActionRow = Pick<ActionRecord, '_id' | 'partnershipId' | 'reference' | 'dueOn' | 'ownerOrganisationId' | 'caseId' | 'updatedAt'>;

/** An overdue action as other components see it: its reference, dates and owner, never its text. */
export interface OverdueAction {
  actionId: string;
  partnershipId: string;
  reference: string;
  targetOn: CalendarDate;
  ownerOrganisationId: string;
  caseId?: string | null;
  /** When the action last changed (the calendar feed's DTSTAMP); optional. */
  updatedAt?: Date;
}

export interface OverdueActionQuery {
  partnershipId: string;
  /** Overdue means not complete and `targetOn < today`. */
  today: CalendarDate;
  /** Only actions this organisation owns (an agency user's own). */
  ownerOrganisationId?: string;
  /** Only actions of this case. */
  caseId?: string;
  /** At most this many, earliest target first. */
  limit: number;
}

/**
 * The action plan's read port for other components (reminders, feeds): overdue learning actions,
 * not reported complete (`status: 'open'`) and due before today, as `isOverdue` in
 * action.schedule.ts. A recurring action is due at its derived `dueOn`. Only the reference, dates
 * and owner are read: never the action's text.
 */
export function actionDeadlineQueries(connection: mongoose.Connection) {
  const { Action } = actionModels(connection);
  const fields = { _id: 1, partnershipId: 1, reference: 1, dueOn: 1, ownerOrganisationId: 1, caseId: 1, updatedAt: 1 };

  return {
    async overdueActions(query: OverdueActionQuery): Promise<OverdueAction[]> {
      const filter: Record<string, unknown> = {
        partnershipId: query.partnershipId,
        status: 'open',
        dueOn: op({ $ne: null, $lt: query.today }),
      };
      if (query.ownerOrganisationId) filter['ownerOrganisationId'] = query.ownerOrganisationId;
      if (query.caseId) filter['caseId'] = query.caseId;
      const rows = await Action.find(filter).select(fields).sort({ dueOn: 1, _id: 1 }).limit(query.limit).lean<ActionRow[]>();
      return rows.map((row): OverdueAction => ({
        actionId: row._id,
        partnershipId: row.partnershipId,
        reference: row.reference,
        targetOn: row.dueOn!,
        ownerOrganisationId: row.ownerOrganisationId,
        caseId: row.caseId,
        updatedAt: row.updatedAt,
      }));
    },

    async stillOverdue(partnershipId: string, actionId: string, targetOn: CalendarDate, today: CalendarDate): Promise<boolean> {
      const row = await Action.findOne({ _id: actionId })
        .select({ partnershipId: 1, status: 1, dueOn: 1 })
        .lean<Pick<ActionRecord, 'partnershipId' | 'status' | 'dueOn'>>();
      return !!row && row.partnershipId === partnershipId && row.status === 'open' && row.dueOn === targetOn && targetOn < today;
    },
  };
}
