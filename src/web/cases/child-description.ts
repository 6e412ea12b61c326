import type { Child } from '../../../workflows/case-open.schema.js';
import { AGE_BAND_LABELS, humanise, valueLabel } from '../labels.js';

/**
 * One child as the case page's summary says it, every part labelled in words:
 * `Age: 1 to 4; sex: female; legal status: child protection plan`.
 */
export function childDescription(child: Pick<Child, 'ageBand' | 'ageYears' | 'sex' | 'legalStatus'>): string {
  const age = child.ageBand ? `Age: ${AGE_BAND_LABELS[child.ageBand] ?? humanise(child.ageBand)}` : `Age: ${child.ageYears} years`;
  const parts = [age, `sex: ${humanise(child.sex).toLowerCase()}`];
  if (child.legalStatus.length > 0)
    parts.push(`legal status: ${child.legalStatus.map((status) => valueLabel(status).toLowerCase()).join(', ')}`);
  return parts.join('; ');
}
