import type { Principal } from '../../access/principal.js';
import type { CaseView } from '../../cases/case.views.js';
import type { EventType } from '../../../workflows/case-events.schema.js';

/**
 * The events on a case that are really the principal's to do: what the state accepts for their
 * role, less a sign-off their partner has already given and (for an agency) anything but their own
 * information return.
 */
export function eventsWaitingFor(view: CaseView, principal: Principal): EventType[] {
  const accepted = view.acceptedEvents as EventType[];
  return accepted.filter((type) => {
    if (!('record' in view)) {
      return type === 'agency-information.returned' && view.informationRequests.some((request) => request.returnedOn === null);
    }
    const record = view.record;
    if (type === 'rapid-review.signed-off') return !record.rapidReview.signOffs.some((signOff) => signOff.partner === principal.partner);
    if (type === 'local-review.signed-off') return !record.localReview.signOffs.some((signOff) => signOff.partner === principal.partner);
    return true;
  });
}
