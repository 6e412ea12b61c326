import { Router } from 'express';
import { z } from 'zod';
import { RuleViolationError } from '../errors/app-errors.js';
import { parseRequest } from '../http/validate.js';
import { publicRoute } from '../access/policy.js';
import { type HolidayCalendar, MissingHolidayDataError } from '../calendar/bank-holidays.js';
import { CalendarDateSchema } from '../calendar/calendar-date.js';
import { calculateClocks, type CalculatorStart } from '../calendar/clock-calculator.js';

export const ClockQuerySchema = z
  .object({
    awareOn: CalendarDateSchema.optional(),
    publishOn: CalendarDateSchema.optional(),
    commissionedOn: CalendarDateSchema.optional(),
  })
  .strict()
  .refine((query) => Object.values(query).filter(Boolean).length === 1, {
    message: 'Give exactly one of awareOn, publishOn or commissionedOn (YYYY-MM-DD).',
  });

/**
 * GET /api/clocks: the public deadline calculator. Public rules, no personal data, so no
 * authentication.
 */
export function createClocksRouter(calendar: HolidayCalendar): Router {
  const router = Router();
  router.get('/clocks', publicRoute(), (request, response) => {
    const query = parseRequest(ClockQuerySchema, request, 'query');
    const [start, on] = Object.entries(query).find(([, value]) => value) as [CalculatorStart, string];
    let clocks;
    try {
      clocks = calculateClocks(start, on, calendar);
    } catch (error) {
      if (!(error instanceof MissingHolidayDataError)) throw error;
      throw new RuleViolationError(`${start}=${on}: ${error.message}`, error.rule, { ...error.extensions, parameter: start });
    }
    response.setHeader('Cache-Control', 'public, max-age=3600');
    response.json({ [start]: on, clocks });
  });
  return router;
}
