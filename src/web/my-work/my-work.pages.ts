import type { Router } from 'express';
import { requirePrincipal } from '../../access/authenticate.js';
import { allow } from '../../access/policy.js';
import { ROLES, type Role } from '../../access/roles.js';
import { EVENT_ACTIONS, clockStatusTag, formatDate, routeLabel, stateLabel, workingDaysText } from '../labels.js';
import { STACKED_TABLE_CLASSES, stackedRows } from '../stacked-table.js';
import type { WebContext } from '../web.context.js';
import { myOutstandingActions } from '../actions/action-plan.pages.js';
import { eventsWaitingFor } from '../cases/waiting.js';
import { myRequestRows } from '../information/information.pages.js';

/** Roles that see the partnership-wide deadline dashboard (the API's own list for GET /api/deadlines). */
const DASHBOARD_ROLES: readonly Role[] = ['chair', 'business-unit', 'partner-lead', 'viewer', 'admin'];
/** How many open cases My work looks through for work waiting for the user. */
export const MY_WORK_CASE_LIMIT = 400;

export function registerMyWorkPages(router: Router, context: WebContext): void {
  const { render, cases, deadlines, people } = context;

  // My work reads the user's open cases: it is on the access audit trail as a case list.
  router.get('/my-work', ...context.audit('case.list'), allow(...ROLES), async (request, response) => {
    const principal = requirePrincipal(request);
    const directory = await people.get(principal.partnershipId);
    // The open cases' summaries, soonest deadline first: no case is read whole.
    const items = await cases.openWork(principal, MY_WORK_CASE_LIMIT);
    const caseLink = (id: string, reference: string) => ({ html: `<a class="govuk-link" href="/cases/${id}">${reference}</a>` });

    const waiting = items
      .map((item) => ({ item, events: eventsWaitingFor(item, principal) }))
      .filter((entry) => entry.events.length > 0)
      .map(({ item, events }) => [
        caseLink(item.id, item.reference),
        { text: routeLabel(item.route) },
        { text: stateLabel(item.state) },
        { text: events.map((type) => EVENT_ACTIONS[type]).join('; ') },
      ]);

    // Deadlines: the partnership's dashboard for the roles that have it; otherwise those of the cases the user can see.
    let overdue: unknown[][];
    let dueSoon: unknown[][];
    const deadlineRow = (row: {
      caseId: string;
      reference: string;
      title: string;
      dueOn: string;
      status: string;
      workingDaysLeft: number | null;
    }) => {
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
      const own = items.flatMap((item) =>
        item.deadlines
          .filter((deadline) => deadline.status === 'overdue' || deadline.status === 'due-soon')
          .map((deadline) => ({ caseId: item.id, reference: item.reference, ...deadline })),
      );
      overdue = own.filter((row) => row.status === 'overdue').map(deadlineRow);
      dueSoon = own.filter((row) => row.status === 'due-soon').map(deadlineRow);
    }

    // Information requests to the user's own organisation that are not yet returned.
    const organisationId = principal.organisationId;
    // With the information component, each request links to its own page (the questions and the return form).
    const requests =
      context.information && organisationId && principal.role === 'agency'
        ? await myRequestRows(context.information, principal)
        : items.flatMap((item) =>
            item.informationRequests.map((request) => [
              caseLink(item.id, item.reference),
              { text: formatDate(request.requestedOn) },
              { text: request.dueOn ? formatDate(request.dueOn) : 'No date set' },
            ]),
          );

    const actions =
      organisationId && context.actions
        ? await myOutstandingActions(context.actions.actions, principal, organisationId)
        : { rows: [], overdue: 0 };
    // "Nothing is overdue" would be untrue to someone whose own action is: say so where they look first.
    const overdueActionsText =
      actions.overdue > 0 && organisationId
        ? `${actions.overdue} ${actions.overdue === 1 ? 'action' : 'actions'} ${directory.organisationName(organisationId)} owns ${actions.overdue === 1 ? 'is' : 'are'} past ${actions.overdue === 1 ? 'its' : 'their'} target date`
        : undefined;

    // Each table stacks one block per row on a phone, every cell labelled by its heading.
    const table = (headings: readonly string[], rows: unknown[][]) => ({
      head: headings.map((text) => ({ text })),
      rows: stackedRows(headings, rows as { text?: string; html?: string }[][]),
    });
    render(request, response, 'my-work.njk', {
      title: 'My work',
      organisationName: organisationId ? directory.organisationName(organisationId) : undefined,
      tableClasses: STACKED_TABLE_CLASSES,
      waiting: table(['Case', 'Route', 'Stage', 'What to do'], waiting),
      overdue: table(['Case', 'Deadline', 'Was due', 'Status', 'Working days'], overdue),
      dueSoon: table(['Case', 'Deadline', 'Due', 'Status', 'Working days'], dueSoon),
      requests: table(['Case', 'Asked on', 'Due'], requests),
      actions: table(['Action', 'Target', 'RAG'], actions.rows),
      overdueActionsText,
      showsOrganisation: Boolean(organisationId),
      actionsAvailable: Boolean(context.actions),
      scanned: items.length,
    });
  });
}
