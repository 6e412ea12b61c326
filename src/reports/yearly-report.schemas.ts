import { z } from 'zod';

/** `GET /api/reports/yearly?year=2024`: the reporting year that starts in 2024. Strict: other keys are a 400. */
export const YearlyReportQuerySchema = z
  .object({
    year: z
      .string()
      .regex(/^\d{4}$/, 'a four-digit year, e.g. 2024')
      .transform(Number)
      .pipe(z.number().int().min(2000).max(2100)),
  })
  .strict();
