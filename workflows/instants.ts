/**
 * Instants (`at`, set by the server on every event). The calendar day an instant falls on in England
 * is `londonDateOf` in src/calendar/england-day.ts. No clock reads: the instant always comes in from
 * outside.
 */
import { z } from 'zod';

/** An ISO 8601 instant with `Z` or an offset, e.g. `2025-03-03T10:00:00Z`. */
export const InstantSchema = z.iso.datetime({ offset: true });
