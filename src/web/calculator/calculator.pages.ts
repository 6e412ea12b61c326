import type { Router } from 'express';
import { publicRoute } from '../../access/policy.js';
import { MissingHolidayDataError } from '../../calendar/bank-holidays.js';
import { CalendarDateSchema } from '../../calendar/calendar-date.js';
import { CALCULATOR_STARTS, type CalculatorStart, calculateClocks } from '../../calendar/clock-calculator.js';
import {
  type FieldSpec,
  type FormError,
  type FormValues,
  fieldHref,
  readDate,
  renderField,
  requiredMessage,
  single,
} from '../forms/govuk-fields.js';
import { formatDate, humanise } from '../labels.js';
import { STACKED_TABLE_CLASSES, stackedRows } from '../stacked-table.js';
import type { WebContext } from '../web.context.js';

const STARTS: { value: CalculatorStart; text: string; hint: string }[] = [
  {
    value: 'awareOn',
    text: 'The local authority became aware of a serious incident',
    hint: 'Notification, partners told, rapid review and its local milestones.',
  },
  {
    value: 'commissionedOn',
    text: 'A local child safeguarding practice review was commissioned',
    hint: 'The 6-month review and publication deadline.',
  },
  {
    value: 'publishOn',
    text: 'A final report is planned to be published',
    hint: 'The latest date to send it to the Panel, the Secretary of State and Ofsted.',
  },
];

/** The results' columns; on a phone each row is a block with these as labels (stacked-table.ts). */
const RESULT_HEADINGS = ['Deadline', 'Counted', 'Due', 'Status'] as const;

const START_SPEC: FieldSpec = { name: 'start', id: 'start', label: 'What happened?', kind: 'radios', options: STARTS };
const DATE_SPEC: FieldSpec = { name: 'date', id: 'date', label: 'On what date?', kind: 'date', hint: 'For example, 3 3 2025' };

function lengthText(clock: { length: number; unit: string; direction: string }): string {
  const unit = clock.unit === 'working-days' ? 'working day' : clock.unit === 'months' ? 'month' : 'year';
  return `${clock.length} ${unit}${clock.length === 1 ? '' : 's'} ${clock.direction === 'before' ? 'before' : 'after'}`;
}

/**
 * The public deadline calculator (the same calculation as GET /api/clocks) as a GOV.UK form. It
 * holds no personal data, so it needs no sign-in, and it uses GET so a result can be bookmarked.
 */
export function registerCalculatorPages(router: Router, context: WebContext): void {
  router.get('/deadline-calculator', publicRoute(), (request, response) => {
    const values = request.query as FormValues;
    const submitted = single(values['start']) !== '' || ['date-day', 'date-month', 'date-year'].some((name) => single(values[name]) !== '');
    const errors: FormError[] = [];
    let results: unknown[][] | undefined;
    let heading = '';
    if (submitted) {
      const start = single(values['start']) as CalculatorStart;
      if (!(start in CALCULATOR_STARTS)) errors.push({ field: 'start', href: fieldHref(START_SPEC), text: requiredMessage(START_SPEC) });
      const date = readDate(DATE_SPEC, values);
      if (date.error) errors.push({ field: 'date', href: fieldHref(DATE_SPEC), text: date.error });
      else if (!date.value) errors.push({ field: 'date', href: fieldHref(DATE_SPEC), text: 'Enter the date' });
      else if (!CalendarDateSchema.safeParse(date.value).success)
        errors.push({ field: 'date', href: fieldHref(DATE_SPEC), text: 'The date must be a real date' });
      if (errors.length === 0) {
        try {
          const clocks = calculateClocks(start, date.value!, context.calendar);
          heading = `Deadlines counted from ${formatDate(date.value!)}`;
          results = stackedRows(
            RESULT_HEADINGS,
            clocks.map((clock) => [
              { text: clock.title },
              { text: lengthText(clock) },
              { text: formatDate(clock.dueOn) },
              { text: humanise(clock.status) },
            ]),
          );
        } catch (error) {
          if (!(error instanceof MissingHolidayDataError)) throw error;
          errors.push({
            field: 'date',
            href: fieldHref(DATE_SPEC),
            text: `There is no bank holiday data for ${error.year} yet, so deadlines in that year cannot be worked out`,
          });
        }
      }
    }
    const errorOf = new Map(errors.map((error) => [error.field, error.text]));
    context.render(
      request,
      response,
      'calculator.njk',
      {
        title: 'Deadline calculator',
        errors,
        startField: renderField(START_SPEC, values, errorOf.get('start')),
        dateField: renderField(DATE_SPEC, values, errorOf.get('date')),
        results,
        head: RESULT_HEADINGS.map((text) => ({ text })),
        tableClasses: STACKED_TABLE_CLASSES,
        heading,
      },
      errors.length > 0 ? 400 : 200,
    );
  });
}
