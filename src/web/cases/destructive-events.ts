import type { EventType } from '../../../workflows/case-events.schema.js';
import type { FormError, FormValues } from '../forms/govuk-fields.js';
import { single } from '../forms/govuk-fields.js';

/**
 * Events that undo work or end a case's path early. Their forms come after every other form,
 * carry a GOV.UK warning button and must be confirmed with a tick, so nobody sends one by
 * pressing the first button on the page.
 */
const DESTRUCTIVE: Partial<Record<EventType, { confirm: string; missing: string }>> = {
  'sin.withdrawn': {
    confirm: 'I confirm the notification to the Panel should be withdrawn',
    missing: 'Confirm that the notification to the Panel should be withdrawn',
  },
};

export const CONFIRM_FIELD = 'confirm';

export function isDestructive(type: EventType): boolean {
  return DESTRUCTIVE[type] !== undefined;
}

/** The confirmation box's text, or undefined when the event needs none. */
export function confirmationText(type: EventType): string | undefined {
  return DESTRUCTIVE[type]?.confirm;
}

/** The confirmation's error when a destructive event's box was not ticked; null otherwise. */
export function confirmationError(type: EventType, values: FormValues, formId: string): FormError | null {
  const destructive = DESTRUCTIVE[type];
  if (!destructive || single(values[CONFIRM_FIELD]) === 'yes') return null;
  return { field: CONFIRM_FIELD, href: `#${formId}-${CONFIRM_FIELD}`, text: destructive.missing };
}
