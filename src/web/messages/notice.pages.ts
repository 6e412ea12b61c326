import type { Router } from 'express';
import type { Role } from '../../access/roles.js';
import { requirePrincipal } from '../../access/authenticate.js';
import { allow } from '../../access/policy.js';
import { NotFoundError, RuleViolationError, ValidationError } from '../../errors/app-errors.js';
import type { MessageService, MessageView } from '../../messages/message.service.js';
import { type FormValues, readDate } from '../forms/govuk-fields.js';
import { ROLE_LABELS, formatDate, formatInstant } from '../labels.js';
import { stackedRows } from '../stacked-table.js';
import type { PartnershipPeople } from '../directory.js';
import { redirectAfterSave } from '../session/web-session.js';
import type { WebContext } from '../web.context.js';

const CASE_ID = /^[a-f0-9]{32}$/;
const MESSAGE_ID = /^[a-f0-9]{32}$/;

/** Who sees a case's notices on its page (the same roles as the API's message log). */
export const NOTICE_READERS: readonly Role[] = ['chair', 'business-unit', 'admin'];

/**
 * The notices of a case for its page: each to-do (with a form to record it made, for the business
 * unit) and each done one with its date. E-mails are not listed here (the API has their log).
 */
export function noticeRows(items: MessageView[], canRecord: boolean) {
  return items
    .filter((item) => item.kind === 'task')
    .map((item) => ({
      id: item.id,
      title: item.title,
      done: item.status === 'done',
      doneOn: item.doneOn ? formatDate(item.doneOn) : null,
      canRecord: canRecord && item.status === 'to-do',
    }));
}

export const EMAIL_LOG_HEADINGS = ['Message', 'To', 'Planned', 'State'] as const;

const EMAIL_STATES: Record<string, string> = {
  pending: 'Waiting to be sent',
  delivered: 'Sent',
  failed: 'Not sent',
  obsolete: 'No longer needed',
};

/** The e-mails of a case, as its page lists them: what, to whom, when, and whether it went. */
export function emailLogRows(items: MessageView[], people: Pick<PartnershipPeople, 'organisationName' | 'userName'>) {
  const rows = items
    .filter((item) => item.kind === 'email')
    .map((item) => {
      const audience = item.audience;
      const role = audience ? (ROLE_LABELS[audience.role as keyof typeof ROLE_LABELS] ?? audience.role) : '';
      const to = !audience
        ? ''
        : audience.userId
          ? people.userName(audience.userId)
          : audience.organisationId
            ? `${people.organisationName(audience.organisationId)} (${role})`
            : role;
      const state = EMAIL_STATES[item.status] ?? item.status;
      return [
        { text: item.title },
        { text: to },
        { text: formatInstant(item.plannedAt) },
        { text: item.lastError && item.status !== 'delivered' ? `${state} (${item.lastError})` : state },
      ];
    });
  return stackedRows(EMAIL_LOG_HEADINGS, rows);
}

/** The business unit records a notice made through the Panel's portal, with the date it was made. */
export function registerNoticePages(router: Router, context: WebContext, messages: MessageService): void {
  router.post(
    '/cases/:id/notices/:messageId',
    ...context.audit('case.message-done', 'id'),
    allow('business-unit'),
    async (request, response) => {
      const caseId = String(request.params['id'] ?? '');
      const messageId = String(request.params['messageId'] ?? '');
      if (!CASE_ID.test(caseId) || !MESSAGE_ID.test(messageId)) throw new NotFoundError('No such page.');
      const date = readDate({ name: 'doneOn', label: 'The date the notice was made' }, request.body as FormValues);
      const problem = (text: string) => ({ kind: 'important' as const, title: 'The notice was not recorded', text });
      if (date.error || !date.value) {
        request.session.flash = problem(date.error ?? 'Enter the date the notice was made.');
      } else {
        try {
          await messages.markDone(requirePrincipal(request), caseId, messageId, { doneOn: date.value });
          request.session.flash = { kind: 'success', title: 'Notice recorded', text: `Recorded as made on ${formatDate(date.value)}.` };
        } catch (error) {
          if (!(error instanceof ValidationError || error instanceof RuleViolationError)) throw error;
          request.session.flash = problem(error instanceof ValidationError ? 'Enter a real date.' : error.message);
        }
      }
      await redirectAfterSave(request, response, `/cases/${caseId}#notices`);
    },
  );
}
