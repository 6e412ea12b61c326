import { randomUUID } from 'node:crypto';
import type { Principal } from '../../access/principal.js';
import type { CaseView, DeadlineView } from '../../cases/case.views.js';
import type { HistoryEntryView } from '../../cases/case-history.views.js';
import { CURRENT_MACHINE_VERSION, machineFor, type WorkflowDeps } from '../../../workflows/case-workflow.js';
import type { PartnershipPeople } from '../directory.js';
import { type EventFormContext, eventFormId, extendableClockIds, renderEventFields } from '../forms/event-forms.js';
import type { FormError, FormValues } from '../forms/govuk-fields.js';
import {
  EVENT_ACTIONS,
  clockStatusTag,
  eventHappened,
  fieldLabel,
  formatDate,
  formatInstant,
  ROLE_LABELS,
  routeLabel,
  stateLabel,
  valueLabel,
  workingDaysText,
} from '../labels.js';
import { stageTag, workflowStages } from './workflow-stages.js';
import { CONFIRM_FIELD, confirmationText, isDestructive } from './destructive-events.js';
import { childDescription } from './child-description.js';
import { signOffRows } from './sign-offs.js';
import { STACKED_TABLE_CLASSES, stackedRows } from '../stacked-table.js';
import { eventsWaitingFor, waitingFactsOf } from './waiting.js';
import type { CaseContext } from '../../../workflows/case-context.js';
import { addWorkingTogetherRows } from './working-together-rows.js';

/** One history entry as the case service returns it to this principal (src/cases/case-history.views.ts). */
export type HistoryItem = HistoryEntryView;

/** The form of the event that was just submitted and failed, to show again with its errors. */
export interface FailedForm {
  type: string;
  values: FormValues;
  errors: FormError[];
}

const DEADLINE_HEADINGS = ['Deadline', 'Due', 'Status', 'Working days'] as const;
const INFORMATION_HEADINGS = ['Agency', 'Asked', 'Due', 'Returned'] as const;

const DATE_VALUE = /^\d{4}-\d{2}-\d{2}$/;

/** A recorded field's value in words. */
export function describeValue(name: string, value: unknown, people: PartnershipPeople): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  // Criteria are whole sentences with commas of their own: semicolons keep them apart.
  if (Array.isArray(value)) return value.map((item) => describeValue(name, item, people)).join(name === 'criteriaMet' ? '; ' : ', ');
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return '';
  if (name === 'agency' || name === 'agencies') return people.organisationName(value);
  if (name === 'reviewerId') return people.userName(value);
  if (DATE_VALUE.test(value)) return formatDate(value);
  if (
    ['outcome', 'learningType', 'process', 'partner', 'response', 'form', 'recipients', 'clockId', 'toEdition', 'criteriaMet'].includes(
      name,
    )
  ) {
    return valueLabel(value);
  }
  return value;
}

function deadlineRow(deadline: DeadlineView) {
  const tag = clockStatusTag(deadline.status);
  const revised = deadline.originalDueOn !== deadline.dueOn ? ` (originally ${formatDate(deadline.originalDueOn)})` : '';
  return [
    { text: deadline.title },
    { text: `${formatDate(deadline.dueOn)}${revised}` },
    { html: `<strong class="govuk-tag ${tag.classes}">${tag.text}</strong>` },
    {
      text:
        deadline.metOn !== null
          ? `Met on ${formatDate(deadline.metOn)}${deadline.lateReason ? ` (late: ${deadline.lateReason})` : ''}`
          : deadline.status === 'lapsed'
            ? deadline.lapsedOn !== null
              ? `Lapsed on ${formatDate(deadline.lapsedOn)} (${deadline.lapseReason ?? 'stage ended'})`
              : 'Lapsed: its stage has ended'
            : deadline.workingDaysLeft === null
              ? 'Beyond the bank holiday data'
              : workingDaysText(deadline.workingDaysLeft),
    },
  ];
}

function summaryRows(view: CaseView, people: PartnershipPeople) {
  const rows: { key: { text: string }; value: { text: string } }[] = [];
  const add = (key: string, value: string | null | undefined) => {
    if (value) rows.push({ key: { text: key }, value: { text: value } });
  };
  add('Reference', view.reference);
  add('Route', routeLabel(view.route));
  add('Stage', stateLabel(view.state));
  add('Opened', formatDate(view.openedOn));
  const data = view.caseData;
  if (data) {
    add('Date of the incident', formatDate(data.incidentOn));
    add('Local authority became aware', formatDate(data.laAwareOn));
    add('Safeguarding partners became aware', formatDate(data.partnersAwareOn));
    add('Local authority area', data.laArea);
    add('Area where the child lives', data.residentLaArea);
    add('Lead partnership', data.leadPartnership);
    add(data.children.length === 1 ? 'Child' : 'Children', data.children.map(childDescription).join('; '));
    add('Themes', data.themes.join(', '));
    add('Summary', data.summary);
    // Kept from the opening (question pages): why the agency referred, and the agencies ticked.
    add('Reason for the referral', data.referralReason);
    add('Agencies involved', (data.agencies ?? []).map((id) => people.organisationName(id)).join(', '));
  }
  if ('referringOrganisationId' in view) {
    add('Referred by', people.organisationName(view.referringOrganisationId));
    add('Agencies involved', view.organisationIds.map((id) => people.organisationName(id)).join(', '));
  }
  if ('record' in view) addWorkingTogetherRows(view.record as Partial<CaseContext>, add, (id) => people.organisationName(id));
  return rows;
}

export interface CasePageInput {
  view: CaseView;
  history: HistoryItem[];
  principal: Principal;
  people: PartnershipPeople;
  workflow: WorkflowDeps;
  failed?: FailedForm;
  /** The case's rapid review meetings, for the decision form (src/meetings). */
  meetings?: { id: string; text: string }[];
}

/** Everything the case page shows, worked out from the case service's answers. */
export function casePage(input: CasePageInput) {
  const { view, principal, people } = input;
  const fullView = 'record' in view;
  const record = fullView ? view.record : undefined;
  const formContext: EventFormContext = {
    principal,
    organisations: people.organisations,
    reviewers: people.users.filter((user) => user.role === 'reviewer'),
    pendingAgencies: (record?.agencyRequests ?? []).filter((request) => request.returnedOn === null).map((request) => request.agency),
    extendableClocks: extendableClockIds(view.deadlines),
    ...(input.meetings ? { meetings: input.meetings } : {}),
  };
  // Destructive steps last (a stable sort keeps the machine's order otherwise).
  const waiting = [...eventsWaitingFor(waitingFactsOf(view), principal)].sort(
    (a, b) => Number(isDestructive(a)) - Number(isDestructive(b)),
  );
  const forms = waiting.map((type) => {
    const failed = input.failed?.type === type ? input.failed : undefined;
    const errorsByField = new Map((failed?.errors ?? []).map((error) => [error.field, error.text]));
    const fields = renderEventFields(type, formContext, failed?.values ?? {}, errorsByField);
    const confirm = confirmationText(type);
    return {
      type,
      id: eventFormId(type),
      title: EVENT_ACTIONS[type],
      fields,
      version: view.version,
      idempotencyKey: randomUUID(),
      formError: errorsByField.get('form'),
      warning: isDestructive(type),
      confirm: confirm ? { name: CONFIRM_FIELD, text: confirm, error: errorsByField.get(CONFIRM_FIELD) } : undefined,
    };
  });

  const machine = machineFor(input.workflow, fullView ? view.machine.version : CURRENT_MACHINE_VERSION);
  const visited = input.history
    .flatMap((item) => ('stage' in item ? [item.stage] : [item.stateBefore ?? '', item.stateAfter]))
    .filter(Boolean);
  const stages = workflowStages(machine, view.route, view.state, visited).map((stage) => ({ ...stage, tag: stageTag(stage.status) }));

  const timeline = [...input.history].reverse().map((item) => ({
    title: eventHappened(item.type),
    at: formatInstant(item.at),
    // An agency is told who acted only on its own organisation's events (the service leaves the actor out otherwise).
    by: item.actor
      ? `${people.userName(item.actor.userId)} (${ROLE_LABELS[item.actor.role as keyof typeof ROLE_LABELS] ?? item.actor.role})`
      : undefined,
    change:
      'stage' in item
        ? stateLabel(item.stage)
        : item.stateBefore && item.stateBefore !== item.stateAfter
          ? `${stateLabel(item.stateBefore)} → ${stateLabel(item.stateAfter)}`
          : stateLabel(item.stateAfter),
    // The service has already narrowed the fields to what this principal may read.
    details: Object.entries(item.fields)
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([name, value]) => ({ label: fieldLabel(name), value: describeValue(name, value, people) })),
  }));

  const informationRequests = fullView
    ? (record?.agencyRequests ?? []).map((request) => ({ ...request, agencyName: people.organisationName(request.agency) }))
    : 'informationRequests' in view
      ? view.informationRequests.map((request) => ({ ...request, agencyName: people.organisationName(request.agency) }))
      : [];

  return {
    title: `Case ${view.reference}`,
    view,
    fullView,
    summaryRows: summaryRows(view, people),
    // By due date, soonest first (the case holds them in the order they started); stable for equal dates.
    deadlineRows: stackedRows(
      DEADLINE_HEADINGS,
      [...view.deadlines].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0)).map(deadlineRow),
    ),
    deadlineHead: DEADLINE_HEADINGS.map((heading) => ({ text: heading })),
    informationHead: INFORMATION_HEADINGS.map((heading) => ({ text: heading })),
    tableClasses: STACKED_TABLE_CLASSES,
    signOffRows: fullView && record ? signOffRows(record) : [],
    stages,
    timeline,
    informationRequests: stackedRows(
      INFORMATION_HEADINGS,
      informationRequests.map((request) => [
        { text: request.agencyName },
        { text: formatDate(request.requestedOn) },
        { text: formatDate(request.dueOn) },
        { text: request.returnedOn ? formatDate(request.returnedOn) : 'Not yet returned' },
      ]),
    ),
    forms,
    stateText: stateLabel(view.state),
    // The agencies' returns side by side and the form to ask more (src/web/information), for those who see them.
    informationPage: ['chair', 'business-unit', 'admin'].includes(principal.role) ? `/cases/${view.id}/information` : undefined,
  };
}
