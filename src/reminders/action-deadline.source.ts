import { op } from '../database/trusted-operators.js';
import type mongoose from 'mongoose';
import { actionModels } from '../actions/action.model.js';
import type { ActionRecord } from '../actions/action.record.js';
import type { ActionDeadlineSource, OverdueAction } from './reminder.types.js';

type ActionRow = Pick<ActionRecord, '_id' | 'partnershipId' | 'reference' | 'dueOn' | 'ownerOrganisationId' | 'caseId' | 'updatedAt'>;

/**
 * Overdue learning actions from the action-plan component's `actions` collection (read through its
 * model): not reported complete (`status: 'open'`) and due before today, as `isOverdue` in
 * src/actions/action.schedule.ts. A recurring action is due at its derived `dueOn`. Only the
 * reference, dates and owner are read: never the action's text.
 */
export function actionDeadlineSource(connection: mongoose.Connection): ActionDeadlineSource {
  const { Action } = actionModels(connection);
  const fields = { _id: 1, partnershipId: 1, reference: 1, dueOn: 1, ownerOrganisationId: 1, caseId: 1, updatedAt: 1 };

  return {
    async overdueActions(query) {
      const filter: Record<string, unknown> = { partnershipId: query.partnershipId, status: 'open', dueOn: op({ $ne: null, $lt: query.today }) };
      if (query.ownerOrganisationId) filter['ownerOrganisationId'] = query.ownerOrganisationId;
      if (query.caseId) filter['caseId'] = query.caseId;
      const rows = await Action.find(filter).select(fields).sort({ dueOn: 1, _id: 1 }).limit(query.limit).lean<ActionRow[]>();
      return rows.map(
        (row): OverdueAction => ({
          actionId: row._id,
          partnershipId: row.partnershipId,
          reference: row.reference,
          targetOn: row.dueOn!,
          ownerOrganisationId: row.ownerOrganisationId,
          caseId: row.caseId,
          updatedAt: row.updatedAt,
        }),
      );
    },

    async stillOverdue(partnershipId, actionId, targetOn, today) {
      const row = await Action.findOne({ _id: actionId }).select({ partnershipId: 1, status: 1, dueOn: 1 }).lean<Pick<ActionRecord, 'partnershipId' | 'status' | 'dueOn'>>();
      return !!row && row.partnershipId === partnershipId && row.status === 'open' && row.dueOn === targetOn && targetOn < today;
    },
  };
}
