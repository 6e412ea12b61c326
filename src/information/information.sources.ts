import type mongoose from 'mongoose';
import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import { addDays } from '../calendar/calendar-date.js';
import type { ChangedCaseObserver, MessageDraftSource } from '../messages/message.sources.js';
import { ensureRequestRecords } from './information.records.js';
import { op } from '../database/trusted-operators.js';
import { chaseKey, chaseThresholdOn } from './information.chase.js';
import { type InformationRequestRecord, informationModels } from './information.model.js';

/**
 * Before the message worker delivers, the request records the lifecycle's request e-mails link to
 * are created for every changed case (a request sent as the bare lifecycle event included), so no
 * link is sent to a page that is not there yet. Runs on the message planner's one read of the
 * changed cases.
 */
export function requestRecordsObserver(connection: mongoose.Connection): ChangedCaseObserver {
  return (row, now) => ensureRequestRecords(connection, row, now);
}

type ChaseRow = Pick<
  InformationRequestRecord,
  '_id' | 'partnershipId' | 'caseId' | 'reference' | 'organisationId' | 'dueOn' | 'status' | 'version'
>;

/**
 * The chase: every unanswered request due soon or overdue owes its agency one e-mail per due date
 * and threshold (`request:<id>:<dueOn>:due-soon`, then `…:overdue`), planned through the message
 * outbox exactly as the reminders plan theirs. A return being corrected after the business unit
 * reopened it is not chased (its due date has passed by design).
 */
export function informationChaseSource(
  connection: mongoose.Connection,
  calendar: HolidayCalendar,
  warnWorkingDays: (partnershipId: string) => Promise<number>,
): MessageDraftSource {
  const { InformationRequest } = informationModels(connection);
  return {
    name: 'information-chase',
    async *drafts(partnershipId, _since, today) {
      const warn = await warnWorkingDays(partnershipId);
      // Every date within `warn` working days of today is inside this calendar-day bound.
      const horizon = addDays(today, warn * 2 + 10);
      const rows = await InformationRequest.find({
        partnershipId,
        status: op({ $in: ['not-started', 'draft'] as ('not-started' | 'draft')[] }),
        dueOn: op({ $ne: null, $lte: horizon }),
      })
        .select({ _id: 1, partnershipId: 1, caseId: 1, reference: 1, organisationId: 1, dueOn: 1, status: 1, version: 1 })
        .lean<ChaseRow[]>();
      for (const row of rows) {
        if (row.version !== 1) continue;
        const threshold = chaseThresholdOn(row.dueOn, today, calendar, warn);
        if (!threshold) continue;
        yield {
          _id: chaseKey(row._id, row.dueOn!, threshold),
          kind: 'email',
          template: `request-chase-${threshold}`,
          partnershipId: row.partnershipId,
          caseId: row.caseId,
          reference: row.reference,
          audience: { role: 'agency', organisationId: row.organisationId },
          params: { dueOn: row.dueOn!, requestId: row._id },
          source: { kind: 'information-request', id: row._id, actorId: 'system', at: `${today}T00:00:00.000Z` },
        };
      }
    },
    stillApplies: {
      templates: ['request-chase-due-soon', 'request-chase-overdue'],
      async check(entry, today) {
        const row = await InformationRequest.findOne({ _id: entry.params['requestId'], partnershipId: entry.partnershipId })
          .select({ status: 1, dueOn: 1 })
          .lean<ChaseRow>();
        if (!row || row.status === 'submitted' || row.dueOn !== entry.params['dueOn']) return false;
        return entry.template === 'request-chase-overdue' || today <= row.dueOn!;
      },
    },
  };
}

type ReturnRow = Pick<
  InformationRequestRecord,
  '_id' | 'partnershipId' | 'caseId' | 'reference' | 'status' | 'version' | 'submittedAt' | 'submittedBy' | 'previousVersions'
>;

/**
 * A return arrives: the business unit is told once per submitted version (`return:<id>:v<version>`),
 * including a version the business unit reopened before any pass saw it (kept in previousVersions).
 */
export function returnArrivedSource(connection: mongoose.Connection): MessageDraftSource {
  const { InformationRequest } = informationModels(connection);
  return {
    name: 'information-returns',
    async *drafts(partnershipId, since) {
      const rows = await InformationRequest.find({ partnershipId, lastSubmittedAt: op({ $gte: since }) })
        .select({
          _id: 1,
          partnershipId: 1,
          caseId: 1,
          reference: 1,
          status: 1,
          version: 1,
          submittedAt: 1,
          submittedBy: 1,
          previousVersions: 1,
        })
        .lean<ReturnRow[]>();
      for (const row of rows) {
        const versions = [
          ...row.previousVersions.map((previous) => ({
            version: previous.version,
            at: new Date(previous.submittedAt),
            by: previous.submittedBy,
          })),
          ...(row.status === 'submitted' && row.submittedAt
            ? [{ version: row.version, at: row.submittedAt, by: row.submittedBy ?? 'unknown' }]
            : []),
        ];
        for (const submitted of versions) {
          if (submitted.at < since) continue;
          yield {
            _id: `return:${row._id}:v${submitted.version}`,
            kind: 'email' as const,
            template: 'return-arrived',
            partnershipId: row.partnershipId,
            caseId: row.caseId,
            reference: row.reference,
            audience: { role: 'business-unit' as const },
            params: { version: String(submitted.version), requestId: row._id },
            source: { kind: 'agency-return', id: row._id, actorId: submitted.by, at: submitted.at.toISOString() },
          };
        }
      }
    },
  };
}
