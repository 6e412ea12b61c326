import type { FieldChange } from './admin-change.model.js';

/**
 * The fields whose values differ between two plain records, in the order of `fields`.
 * @example fieldChanges({ name: 'A' }, { name: 'B' }, ['name']) //=> [{ field: 'name', from: 'A', to: 'B' }]
 */
export function fieldChanges(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  fields: readonly string[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const from = before?.[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ field, from, to });
  }
  return changes;
}
