import type { Principal } from '../access/principal.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { NotFoundError, RuleViolationError, ValidationError } from '../errors/app-errors.js';
import { issuesFromZod } from '../errors/field-issues.js';
import type { SystemClock } from '../shared/system-clock.js';
import { todayInEngland } from '../shared/system-clock.js';
import type mongoose from 'mongoose';
import { type MessageEntry, messageModels } from './message.model.js';
import { messageDigest } from './message.rules.js';
import { TaskDoneBodySchema } from './message.schemas.js';
import { messageTitle } from './message.templates.js';

export interface MessageServiceDeps {
  connection: mongoose.Connection;
  clock: SystemClock;
  /** True when the case exists in the principal's partnership (src/cases). */
  caseExists(partnershipId: string, caseId: string): Promise<boolean>;
}

export function messageView(entry: MessageEntry) {
  return {
    id: messageDigest(entry._id),
    kind: entry.kind,
    template: entry.template,
    title: messageTitle(entry),
    status: entry.status,
    audience: entry.audience,
    causedBy: entry.source.actorId,
    plannedAt: entry.plannedAt.toISOString(),
    attempts: entry.attempts,
    lastError: entry.lastError,
    recipients: entry.recipients,
    finishedAt: entry.finishedAt ? entry.finishedAt.toISOString() : null,
    doneBy: entry.doneBy,
    doneOn: entry.doneOn,
  };
}

export type MessageView = ReturnType<typeof messageView>;

/**
 * The messages of a case for the business unit and chair: every e-mail with its delivery state
 * (who, what, when), and the notices people are to make through the Panel's portal (tasks).
 */
export function createMessageService(deps: MessageServiceDeps) {
  const { MessageOutbox } = messageModels(deps.connection);

  async function entriesOf(principal: Principal, caseId: string): Promise<MessageEntry[]> {
    if (!(await deps.caseExists(principal.partnershipId, caseId))) throw new NotFoundError(`No case ${caseId}.`);
    return MessageOutbox.find({ partnershipId: principal.partnershipId, caseId }).sort({ plannedAt: 1, _id: 1 }).lean<MessageEntry[]>();
  }

  return {
    async listForCase(principal: Principal, caseId: string) {
      const entries = await entriesOf(principal, caseId);
      return { caseId, items: entries.map(messageView), toDo: entries.filter((entry) => entry.status === 'to-do').length };
    },

    /** Records a notice task done on `doneOn` (not before the task arose, not in the future). */
    async markDone(principal: Principal, caseId: string, messageId: string, body: unknown): Promise<MessageView> {
      const parsed = TaskDoneBodySchema.safeParse(body);
      if (!parsed.success) throw new ValidationError('The request body is not valid.', issuesFromZod(parsed.error, ['body']));
      const doneOn: CalendarDate = parsed.data.doneOn;
      const entry = (await entriesOf(principal, caseId)).find((candidate) => messageDigest(candidate._id) === messageId);
      if (!entry || entry.kind !== 'task') throw new NotFoundError(`No task ${messageId} on this case.`);
      if (entry.status === 'done') throw new RuleViolationError('This notice is already recorded as done.', 'task-already-done');
      if (doneOn > todayInEngland(deps.clock))
        throw new RuleViolationError('The date the notice was made cannot be in the future.', 'done-on-in-future');
      if (doneOn < entry.source.at.slice(0, 10))
        throw new RuleViolationError('The date the notice was made cannot be before the notice arose.', 'done-on-before-task');
      const updated = await MessageOutbox.findOneAndUpdate(
        { _id: entry._id, partnershipId: principal.partnershipId, status: 'to-do' },
        { $set: { status: 'done', doneBy: principal.userId, doneOn, finishedAt: deps.clock.now() } },
        { returnDocument: 'after', lean: true },
      );
      if (!updated) throw new RuleViolationError('This notice is already recorded as done.', 'task-already-done');
      return messageView(updated as MessageEntry);
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;
