import type { CaseContext } from '../../../workflows/case-context.js';
import { PARTNERS } from '../../../workflows/roles.js';
import { PARTNER_LABELS, formatDate } from '../labels.js';

/**
 * Who has signed off, for the partners' view of the case: the rapid review decision and, once
 * there is one, the local review's final report. Each partner named, with the date or "Not yet".
 * Only from a recorded decision (before that nobody can sign).
 */
export function signOffRows(context: Pick<CaseContext, 'rapidReview' | 'localReview'>) {
  const sections: { title: string; signOffs: { partner: string; on: string }[] }[] = [];
  if (context.rapidReview.decision) sections.push({ title: 'Rapid review decision', signOffs: context.rapidReview.signOffs });
  if (context.localReview.signOffs.length > 0)
    sections.push({ title: 'Local review final report', signOffs: context.localReview.signOffs });
  return sections.map((section) => ({
    key: { text: section.title },
    value: {
      html: `<ul class="govuk-list govuk-!-margin-bottom-0">${PARTNERS.map((partner) => {
        const signed = section.signOffs.find((signOff) => signOff.partner === partner);
        return `<li>${PARTNER_LABELS[partner]}: ${signed ? `signed off on ${formatDate(signed.on)}` : 'not yet signed off'}</li>`;
      }).join('')}</ul>`,
    },
  }));
}
