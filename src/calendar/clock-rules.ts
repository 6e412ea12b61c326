/**
 * The clock table: every statutory, guidance and local clock of DOMAIN.md as one declarative row,
 * plus the per-partnership overrides a partnership may make to its local defaults.
 */
import { z } from 'zod';
import { ValidationError, type FieldIssue } from '../errors/app-errors.js';
import type { CalendarDate } from './calendar-date.js';
import type { HolidayCalendar } from './bank-holidays.js';
import { addCalendarMonths, addWorkingDays, subtractWorkingDays } from './working-days.js';

export type ClockId =
  | 'sin-notification'
  | 'partners-informed'
  | 'child-death-notification'
  | 'rapid-review'
  | 'agency-returns'
  | 'rapid-review-meeting'
  | 'partner-sign-off'
  | 'panel-response'
  | 'lcspr-publication'
  | 'publication-notice'
  | 'report-kept-published';

export const CLOCK_IDS = [
  'sin-notification',
  'partners-informed',
  'child-death-notification',
  'rapid-review',
  'agency-returns',
  'rapid-review-meeting',
  'partner-sign-off',
  'panel-response',
  'lcspr-publication',
  'publication-notice',
  'report-kept-published',
] as const satisfies readonly ClockId[];

/** The recorded event a clock counts from. */
export type ClockAnchor = 'la-aware' | 'partners-aware' | 'rapid-review-submitted' | 'commissioned' | 'planned-publication' | 'published';

export const CLOCK_ANCHORS = [
  'la-aware',
  'partners-aware',
  'rapid-review-submitted',
  'commissioned',
  'planned-publication',
  'published',
] as const satisfies readonly ClockAnchor[];

export const ClockIdSchema = z.enum(CLOCK_IDS);

/**
 * Clocks that set a minimum period rather than a deadline: the report must stay published for
 * at least a year. Reaching the date fulfils them; nothing is ever overdue, chased or swept.
 */
export const MINIMUM_PERIOD_CLOCKS: ReadonlySet<ClockId> = new Set<ClockId>(['report-kept-published']);

export function isMinimumPeriodClock(clockId: string): boolean {
  return MINIMUM_PERIOD_CLOCKS.has(clockId as ClockId);
}
export const ClockAnchorSchema = z.enum(CLOCK_ANCHORS);

/**
 * Whether a clock is soft: an expectation of someone else (the Panel's reply), shown on the case
 * but never counted, swept or reminded as the partnership's overdue deadline. Read from the table
 * (a partnership's overrides change lengths and anchors, never softness).
 * @example isSoftClock('panel-response') //=> true
 */
export function isSoftClock(clockId: string): boolean {
  return SOFT_CLOCKS.has(clockId as ClockId);
}

export interface ClockRule {
  id: ClockId;
  title: string;
  startsFrom: ClockAnchor;
  length: number;
  unit: 'working-days' | 'months' | 'years';
  /** 'after': due `length` after the anchor; 'before': due `length` before it (a latest date). */
  direction: 'after' | 'before';
  status: 'statutory' | 'guidance' | 'local';
  /** A soft clock is an expectation (e.g. the Panel's reply), not an obligation on the partnership. */
  soft: boolean;
  /** Whether its due date may be revised (with reasons kept). */
  extendable: boolean;
  source: string;
}

/** The clock table (DOMAIN.md, "Clocks"). Deeply frozen. */
export const CLOCK_RULES: readonly ClockRule[] = deepFreeze([
  {
    id: 'sin-notification',
    title: 'Serious incident notification submitted to the Panel',
    startsFrom: 'la-aware',
    length: 5,
    unit: 'working-days',
    direction: 'after',
    status: 'statutory',
    soft: false,
    extendable: false,
    source: 'Children Act 2004 s16C(1); Working Together to Safeguard Children',
  },
  {
    id: 'partners-informed',
    title: 'Safeguarding partners told of the incident',
    startsFrom: 'la-aware',
    length: 5,
    unit: 'working-days',
    direction: 'after',
    status: 'guidance',
    soft: false,
    extendable: false,
    source: 'Working Together to Safeguard Children',
  },
  {
    id: 'child-death-notification',
    title: 'Death of a looked-after child or care leaver notified to the Secretary of State and Ofsted',
    startsFrom: 'la-aware',
    length: 5,
    unit: 'working-days',
    direction: 'after',
    status: 'guidance',
    soft: false,
    extendable: false,
    source: 'Working Together to Safeguard Children',
  },
  {
    id: 'rapid-review',
    title: 'Rapid review sent to the Panel',
    startsFrom: 'partners-aware',
    length: 15,
    unit: 'working-days',
    direction: 'after',
    status: 'guidance',
    soft: false,
    extendable: false,
    source: 'Working Together to Safeguard Children; some partnerships count from the notification (local)',
  },
  {
    id: 'agency-returns',
    title: 'Agency information returns in',
    startsFrom: 'partners-aware',
    length: 10,
    unit: 'working-days',
    direction: 'after',
    status: 'local',
    soft: false,
    extendable: false,
    source: 'Local procedure default',
  },
  {
    id: 'rapid-review-meeting',
    title: 'Rapid review meeting held',
    startsFrom: 'partners-aware',
    length: 12,
    unit: 'working-days',
    direction: 'after',
    status: 'local',
    soft: false,
    extendable: false,
    source: 'Local procedure default',
  },
  {
    id: 'partner-sign-off',
    title: 'Rapid review signed off by the three safeguarding partners',
    startsFrom: 'partners-aware',
    length: 14,
    unit: 'working-days',
    direction: 'after',
    status: 'local',
    soft: false,
    extendable: false,
    source: 'Local procedure default',
  },
  {
    id: 'panel-response',
    title: 'Panel response to the rapid review expected',
    startsFrom: 'rapid-review-submitted',
    length: 10,
    unit: 'working-days',
    direction: 'after',
    status: 'local',
    soft: true,
    extendable: false,
    source: 'Local default (the Panel aims to respond in about 10 working days)',
  },
  {
    id: 'lcspr-publication',
    title: 'Local child safeguarding practice review completed and published',
    startsFrom: 'commissioned',
    length: 6,
    unit: 'months',
    direction: 'after',
    status: 'guidance',
    soft: false,
    extendable: true,
    source: 'Working Together to Safeguard Children; reasons for delay go to the Panel and the Secretary of State',
  },
  {
    id: 'publication-notice',
    title: 'Final report sent to the Panel, the Secretary of State and Ofsted',
    startsFrom: 'planned-publication',
    length: 7,
    unit: 'working-days',
    direction: 'before',
    status: 'guidance',
    soft: false,
    extendable: true,
    source: 'Working Together to Safeguard Children: at least 7 working days before publication',
  },
  {
    id: 'report-kept-published',
    title: 'Report kept published',
    startsFrom: 'published',
    length: 1,
    unit: 'years',
    direction: 'after',
    status: 'guidance',
    soft: false,
    extendable: false,
    source: 'Working Together to Safeguard Children: available for at least a year',
  },
] satisfies ClockRule[]);

const SOFT_CLOCKS: ReadonlySet<ClockId> = new Set(CLOCK_RULES.filter((rule) => rule.soft).map((rule) => rule.id));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * What a partnership may change on each clock. Statutory clocks: nothing. Guidance clocks: only
 * a stricter number (`'at-most'` the guidance length for 'after' clocks, `'at-least'` for the
 * "at least N before / at least N" clocks). Local defaults: any positive length.
 */
export interface ClockOverridePolicy {
  readonly length: 'none' | 'any' | 'at-most' | 'at-least';
  readonly startsFrom: readonly ClockAnchor[];
}

export const CLOCK_OVERRIDE_POLICY: Readonly<Record<ClockId, ClockOverridePolicy>> = deepFreeze({
  'sin-notification': { length: 'none', startsFrom: [] },
  'partners-informed': { length: 'at-most', startsFrom: [] },
  'child-death-notification': { length: 'at-most', startsFrom: [] },
  'rapid-review': { length: 'at-most', startsFrom: ['partners-aware', 'la-aware'] },
  'agency-returns': { length: 'any', startsFrom: ['partners-aware', 'la-aware'] },
  'rapid-review-meeting': { length: 'any', startsFrom: ['partners-aware', 'la-aware'] },
  'partner-sign-off': { length: 'any', startsFrom: ['partners-aware', 'la-aware'] },
  'panel-response': { length: 'any', startsFrom: [] },
  'lcspr-publication': { length: 'at-most', startsFrom: [] },
  'publication-notice': { length: 'at-least', startsFrom: [] },
  'report-kept-published': { length: 'at-least', startsFrom: [] },
});

const ruleById = new Map<ClockId, ClockRule>(CLOCK_RULES.map((r) => [r.id, r]));

/** The default rule for a clock id. @example clockRule('rapid-review').length //=> 15 */
export function clockRule(id: ClockId, rules: readonly ClockRule[] = CLOCK_RULES): ClockRule {
  const rule = rules.find((r) => r.id === id) ?? ruleById.get(id);
  if (!rule) throw new RangeError(`unknown clock ${String(id)}`);
  return rule;
}

const ClockOverrideSchema = z.strictObject({
  length: z
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .positive({ message: 'must be a positive whole number' })
    .optional(),
  startsFrom: ClockAnchorSchema.optional(),
});
export type ClockOverride = z.infer<typeof ClockOverrideSchema>;

/**
 * A partnership's overrides: clock id → `{ length?, startsFrom? }`. Statutory clocks cannot be
 * overridden; guidance clocks only made stricter; local defaults freely (positive whole numbers).
 */
export const ClockOverridesSchema = z.partialRecord(ClockIdSchema, ClockOverrideSchema).superRefine((overrides, ctx) => {
  for (const id of CLOCK_IDS) {
    const o = overrides[id];
    if (!o) continue;
    const rule = ruleById.get(id)!;
    const policy = CLOCK_OVERRIDE_POLICY[id];
    if (rule.status === 'statutory') {
      ctx.addIssue({
        code: 'custom',
        path: [id],
        message: `${id} is a statutory clock (${rule.source}) and cannot be overridden`,
      });
      continue;
    }
    if (o.length !== undefined) {
      const unit = rule.unit === 'working-days' ? 'working days' : rule.unit;
      if (policy.length === 'none') {
        ctx.addIssue({ code: 'custom', path: [id, 'length'], message: `the length of ${id} cannot be changed` });
      } else if (policy.length === 'at-most' && o.length > rule.length) {
        ctx.addIssue({
          code: 'custom',
          path: [id, 'length'],
          message: `${id} is set by guidance at ${rule.length} ${unit}; a partnership may shorten it but not lengthen it`,
        });
      } else if (policy.length === 'at-least' && o.length < rule.length) {
        ctx.addIssue({
          code: 'custom',
          path: [id, 'length'],
          message: `${id} is set by guidance at no less than ${rule.length} ${unit}; a partnership may raise it but not lower it`,
        });
      }
    }
    if (o.startsFrom !== undefined && o.startsFrom !== rule.startsFrom && !policy.startsFrom.includes(o.startsFrom)) {
      ctx.addIssue({
        code: 'custom',
        path: [id, 'startsFrom'],
        message:
          policy.startsFrom.length === 0
            ? `the start of ${id} (${rule.startsFrom}) cannot be changed`
            : `${id} may start only from ${policy.startsFrom.join(' or ')}`,
      });
    }
  }
});
export type ClockOverrides = z.infer<typeof ClockOverridesSchema>;

/**
 * The clock table with a partnership's overrides applied (validated with {@link ClockOverridesSchema};
 * throws {@link ValidationError} listing every rejected override).
 * @example resolveClockRules({ 'agency-returns': { length: 8 } }).find(r => r.id === 'agency-returns')!.length //=> 8
 */
export function resolveClockRules(overrides?: unknown): readonly ClockRule[] {
  if (overrides === undefined) return CLOCK_RULES;
  const parsed = ClockOverridesSchema.safeParse(overrides);
  if (!parsed.success) {
    const errors: FieldIssue[] = parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      code: i.code,
      message: i.message,
    }));
    throw new ValidationError(
      `Invalid clock overrides: ${errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`,
      errors,
    );
  }
  const o = parsed.data;
  return Object.freeze(
    CLOCK_RULES.map((rule) => {
      const ov = o[rule.id];
      if (!ov || (ov.length === undefined && ov.startsFrom === undefined)) return rule;
      return Object.freeze({
        ...rule,
        length: ov.length ?? rule.length,
        startsFrom: ov.startsFrom ?? rule.startsFrom,
        source: `${rule.source}; overridden by the partnership`,
      });
    }),
  );
}

/**
 * The date a clock falls due given its anchor event's date: N working days after (or before) it,
 * or N months / years after it with end-of-month clamping (months and years need no holiday data).
 * @example computeDueOn(clockRule('sin-notification'), '2024-12-20', cal) //=> '2024-12-31'
 */
export function computeDueOn(rule: ClockRule, anchorOn: CalendarDate, cal: HolidayCalendar): CalendarDate {
  const sign = rule.direction === 'before' ? -1 : 1;
  switch (rule.unit) {
    case 'working-days':
      return sign > 0 ? addWorkingDays(anchorOn, rule.length, cal) : subtractWorkingDays(anchorOn, rule.length, cal);
    case 'months':
      return addCalendarMonths(anchorOn, sign * rule.length);
    case 'years':
      return addCalendarMonths(anchorOn, sign * 12 * rule.length);
  }
}

/**
 * The rules that start from a given anchor event, in table order.
 * @example clockRulesStartingFrom('la-aware').map(r => r.id) //=> ['sin-notification', 'partners-informed', 'child-death-notification']
 */
export function clockRulesStartingFrom(anchor: ClockAnchor, rules: readonly ClockRule[] = CLOCK_RULES): readonly ClockRule[] {
  return rules.filter((r) => r.startsFrom === anchor);
}
