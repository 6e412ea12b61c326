import type { Router } from 'express';
import { requirePrincipal } from '../../access/authenticate.js';
import type { Principal } from '../../access/principal.js';
import { allow } from '../../access/policy.js';
import { ROLES, type Role } from '../../access/roles.js';
import type { CaseService } from '../../cases/case.service.js';
import type { CaseView } from '../../cases/case.views.js';
import { EVENT_ACTIONS, clockStatusTag, formatDate, routeLabel, stateLabel, workingDaysText } from '../labels.js';
import type { WebContext } from '../web.context.js';
import { myOutstandingActions } from '../actions/action-plan.pages.js';
import { eventsWaitingFor } from '../cases/waiting.js';

/** Roles that see the partnership-wide deadline dashboard (the API's own list for GET /api/deadlines). */
const DASHBOARD_ROLES: readonly Role[] = ['chair', 'business-unit', 'partner-lead', 'viewer', 'admin'];
/** How many open cases My work looks through for work waiting for the user. */
export const MY_WORK_CASE_LIMIT = 400;
const LIST_PAGE = 200;

/**
 * The open cases the principal can see, soonest deadline first (cases without a deadline, such as
 * referrals awaiting screening, come first in the service's order), at most {@link MY_WORK_CASE_LIMIT}.
 */
async function openCaseViews(cases: CaseService, principal: Principal): Promise<CaseView[]> {
  const ids: string[] = [];
  for (let page = 1; ids.length < MY_WORK_CASE_LIMIT && page <= MY_WORK_CASE_LIMIT / LIST_PAGE; page++) {
    const result = await cases.list(principal, { page, pageSize: LIST_PAGE });
    ids.push(...result.items.filter((item) => !item.final).map((item) => item.id));
    if (page * LIST_PAGE >= result.total) break;
  }
  const views: CaseView[] = [];
  // A few at a time: each is one read by id.
  for (let index = 0; index < ids.length; index += 10) {
    views.push(...(await Promise.all(ids.slice(index, index + 10).map((id) => cases.get(principal, id)))));
  }
  return views;
}

export function registerMyWorkPages(router: Router, context: WebContext): void {
  const { render, cases, deadlines, people } = context;

  // My work reads the user's open cases: it is on the access audit trail as a case list.
  router.get('/my-work', ...context.audit('case.list'), allow(...ROLES), async (request, response) => {
    const principal = requirePrincipal(request);
    const directory = await people.get(principal.partnershipId);
    const views = await openCaseViews(cases, principal);
    const caseLink = (id: string, reference: string) => ({ html: `<a class="govuk-link" href="/cases/${id}">${reference}</a>` });

    const waiting = views
      .map((view) => ({ view, events: eventsWaitingFor(view, principal) }))
      .filter((entry) => entry.events.length > 0)
      .map(({ view, events }) => [caseLink(view.id, view.reference), { text: routeLabel(view.route) }, { text: stateLabel(view.state) }, { text: events.map((type) => EVENT_ACTIONS[type]).join('; ') }]);

    // Deadlines: the partnership's dashboard for the roles that have it; otherwise those of the cases the user can see.
    let overdue: unknown[][] = [];
    let dueSoon: unknown[][] = [];
    const deadlineRow = (row: { caseId: string; reference: string; title: string; dueOn: string; status: string; workingDaysLeft: number | null }) => {
      const tag = clockStatusTag(row.status);
      return [
        caseLink(row.caseId, row.reference),
        { text: row.title },
        { text: formatDate(row.dueOn) },
        { html: `<strong class="govuk-tag ${tag.classes}">${tag.text}</strong>` },
        { text: row.workingDaysLeft === null ? '' : workingDaysText(row.workingDaysLeft) },
      ];
    };
    if (DASHBOARD_ROLES.includes(principal.role)) {
      const [late, soon] = await Promise.all([
        deadlines.dashboard(principal, { status: 'overdue', page: 1, pageSize: 50 }),
        deadlines.dashboard(principal, { status: 'due-soon', page: 1, pageSize: 50 }),
      ]);
      overdue = late.items.map(deadlineRow);
      dueSoon = soon.items.map(deadlineRow);
    } else {
      const own = views.flatMap((view) =>
        view.deadlines
          .filter((deadline) => deadline.status === 'overdue' || deadline.status === 'due-soon')
          .map((deadline) => ({ caseId: view.id, reference: view.reference, ...deadline })),
      );
      overdue = own.filter((row) => row.status === 'overdue').map(deadlineRow);
      dueSoon = own.filter((row) => row.status === 'due-soon').map(deadlineRow);
    }

    // Information requests to the user's own organisation that are not yet returned.
    const organisationId = principal.organisationId;
    const requests = organisationId
      ? views.flatMap((view) => {
          const list = 'record' in view ? view.record.agencyRequests : view.informationRequests;
          return list
            .filter((item) => item.agency === organisationId && item.returnedOn === null)
            .map((item) => [caseLink(view.id, view.reference), { text: formatDate(item.requestedOn) }, { text: item.dueOn ? formatDate(item.dueOn) : 'No date set' }]);
        })
      : [];

    const actions = organisationId && context.actions ? await myOutstandingActions(context.actions.actions, principal, organisationId) : [];

    render(request, response, 'my-work.njk', {
      title: 'My work',
      organisationName: organisationId ? directory.organisationName(organisationId) : undefined,
      waiting,
      overdue,
      dueSoon,
      requests,
      actions,
      showsOrganisation: Boolean(organisationId),
      actionsAvailable: Boolean(context.actions),
      scanned: views.length,
    });
  });
}
