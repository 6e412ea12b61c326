import type { CalendarDate } from '../calendar/calendar-date.js';
import type { RecordedStep } from '../cases/case-history.queries.js';
import { todayInEngland, fixedClock } from '../shared/system-clock.js';
import { informationRequestId } from './information-request.id.js';

/** The case history entry fields the derivation reads. */
export type RequestingEntry = RecordedStep;

export interface RequestSeed {
  _id: string;
  organisationId: string;
  seq: number;
  requestedOn: CalendarDate;
  dueOn: CalendarDate | null;
  requestedBy: string;
}

/**
 * The information requests a case's history holds: one per agency of each
 * `agency-information.requested` entry, whether it was made on the information page or by the
 * event alone. Pure; the same history always gives the same seeds (and ids).
 */
export function requestSeedsOf(caseId: string, history: readonly RequestingEntry[]): RequestSeed[] {
  const seeds: RequestSeed[] = [];
  for (const entry of history) {
    if (entry.type !== 'agency-information.requested') continue;
    const agencies = Array.isArray(entry.fields['agencies'])
      ? entry.fields['agencies'].filter((agency): agency is string => typeof agency === 'string')
      : [];
    const effect = entry.effects.find((candidate) => candidate.kind === 'request-agency-information');
    const dueOn = typeof effect?.detail['dueOn'] === 'string' ? effect.detail['dueOn'] : null;
    const requestedOn =
      typeof entry.fields['requestedOn'] === 'string' ? entry.fields['requestedOn'] : todayInEngland(fixedClock(entry.at));
    for (const organisationId of agencies) {
      seeds.push({
        _id: informationRequestId(caseId, entry.seq, organisationId),
        organisationId,
        seq: entry.seq,
        requestedOn,
        dueOn,
        requestedBy: entry.actor.userId,
      });
    }
  }
  return seeds;
}
