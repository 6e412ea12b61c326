import type { Principal } from '../../access/principal.js';
import { seesFullCase } from '../../cases/case.access.js';
import type { CaseView, CaseWorkItem } from '../../cases/case.views.js';
import type { EventType } from '../../../workflows/case-events.schema.js';

/**
 * What decides whether a case waits for the principal: the events their role may send now, the
 * partners who have already given the sign-off the state asks for, and their organisation's
 * information requests not yet returned. My work has these from the case summaries
 * ({@link CaseWorkItem}); the case page works them out from the whole case ({@link waitingFactsOf}).
 */
export type WaitingFacts = Pick<CaseWorkItem, 'acceptedEvents' | 'signedOffBy' | 'informationRequests'>;

/**
 * The events on a case that are really the principal's to do: what the state accepts for their
 * role, less a sign-off their partner has already given and (for an agency) anything but their own
 * information return.
 */
export function eventsWaitingFor(facts: WaitingFacts, principal: Principal): EventType[] {
  return facts.acceptedEvents.filter((type) => {
    if (!seesFullCase(principal)) return type === 'agency-information.returned' && facts.informationRequests.length > 0;
    if (type === 'rapid-review.signed-off' || type === 'local-review.signed-off') {
      return !facts.signedOffBy.some((partner) => partner === principal.partner);
    }
    return true;
  });
}

/** The waiting facts of a case as the case view shows it (the view is already narrowed to the principal). */
export function waitingFactsOf(view: CaseView): WaitingFacts {
  const acceptedEvents = view.acceptedEvents as EventType[];
  if (!('record' in view)) {
    const informationRequests = view.informationRequests.filter((request) => request.returnedOn === null);
    return { acceptedEvents, signedOffBy: [], informationRequests };
  }
  // A state asks for one sign-off at a time: the rapid review's, or later the local review's.
  const signOffs = acceptedEvents.includes('rapid-review.signed-off')
    ? view.record.rapidReview.signOffs
    : acceptedEvents.includes('local-review.signed-off')
      ? view.record.localReview.signOffs
      : [];
  return { acceptedEvents, signedOffBy: signOffs.map((signOff) => signOff.partner), informationRequests: [] };
}
