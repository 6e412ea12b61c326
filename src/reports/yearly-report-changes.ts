/**
 * What changed in a published year since it was published: every figure whose cases or actions
 * differ between the frozen figures and the figures as recorded now ("recorded after
 * publication"). Pure.
 */
import { figureRows, type YearlyFigures } from './yearly-report.js';

export interface RecordedAfterPublication {
  figure: string;
  publishedValue: number;
  currentValue: number;
  /** References counted now that the published report did not count. */
  added: string[];
  /** References the published report counted that are no longer counted. */
  removed: string[];
}

/**
 * @example recordedAfterPublication(published, now) //=> [{ figure: 'referrals.received', publishedValue: 11, currentValue: 12, added: ['NTH-2025-0019'], removed: [] }]
 */
export function recordedAfterPublication(published: YearlyFigures, current: YearlyFigures): RecordedAfterPublication[] {
  const before = new Map(figureRows(published).map((row) => [row.figure, row]));
  const after = new Map(figureRows(current).map((row) => [row.figure, row]));
  const figures = [...new Set([...before.keys(), ...after.keys()])];
  const changes: RecordedAfterPublication[] = [];
  for (const figure of figures) {
    const was = before.get(figure)?.references ?? [];
    const now = after.get(figure)?.references ?? [];
    const added = now.filter((reference) => !was.includes(reference));
    const removed = was.filter((reference) => !now.includes(reference));
    const publishedValue = before.get(figure)?.value ?? 0;
    const currentValue = after.get(figure)?.value ?? 0;
    if (added.length || removed.length || publishedValue !== currentValue)
      changes.push({ figure, publishedValue, currentValue, added, removed });
  }
  return changes;
}
