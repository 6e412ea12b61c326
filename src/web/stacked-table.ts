/**
 * Tables that become one block per row on a phone (`app-table--stacked` in app.css): each cell
 * carries its column's heading as `data-label`, which the narrow layout shows before the value,
 * so a six-column list fits 390 pixels without scrolling sideways.
 */
export const STACKED_TABLE_CLASSES = 'app-table--stacked';

type Cell = { text?: string; html?: string; attributes?: Record<string, string> };

/** The rows with each cell labelled by its column's heading. */
export function stackedRows<C extends Cell>(headings: readonly string[], rows: readonly (readonly C[])[]): C[][] {
  return rows.map((row) =>
    row.map((cell, index) => ({ ...cell, attributes: { ...cell.attributes, 'data-label': headings[index] ?? '' } })),
  );
}
