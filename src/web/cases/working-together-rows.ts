/**
 * The case page's summary rows for what machine version 4 records (issue 13): the notification
 * criteria and the partners' agreement, the partners told or the waiver, immediate safety actions,
 * the Panel's requests for more information, how the learning was spread and the NSPCC submission.
 * Only for roles that see the whole case; nothing shows for what was never recorded.
 */
import type { CaseContext } from '../../../workflows/case-context.js';
import { PARTNER_LABELS, formatDate, valueLabel } from '../labels.js';

type Add = (key: string, value: string | null | undefined) => void;

/** Adds the rows through `add` (which skips empty values). */
export function addWorkingTogetherRows(record: Partial<CaseContext>, add: Add, organisationName: (id: string) => string): void {
  const criteria = record.notificationCriteria;
  if (criteria) {
    add(
      'Notification criteria',
      [
        criteria.harm === 'death' ? 'The child died' : 'The child was seriously harmed',
        `abuse or neglect ${valueLabel(criteria.abuseOrNeglect).toLowerCase()}`,
        criteria.location === 'in-area' ? 'in the area' : 'outside England, while normally living here',
      ].join('; '),
    );
  }
  const agreement = record.partnersAgreement;
  if (agreement) {
    add(
      'Partners’ agreement to notify',
      `${formatDate(agreement.agreedOn)}: ${agreement.partners
        .map((p) => `${PARTNER_LABELS[p.partner] ?? p.partner} ${p.agrees ? 'agreed' : `dissented (${p.reasons ?? 'no reasons given'})`}`)
        .join('; ')}`,
    );
  }
  if (record.partnersInformedWaiver)
    add('Telling the partners waived', `${formatDate(record.partnersInformedWaiver.waivedOn)}: ${record.partnersInformedWaiver.reasons}`);
  add(
    'Immediate safety actions',
    (record.safetyActions ?? [])
      .map((a) => `${formatDate(a.takenOn)}: ${a.action}${a.organisationId ? ` (${organisationName(a.organisationId)})` : ''}`)
      .join('; '),
  );
  const decision = record.rapidReview?.decision;
  if (decision?.otherReview) add('Learning taken forward through', valueLabel(decision.otherReview));
  add(
    'Panel asked for more information',
    (record.panelInformationRequests ?? [])
      .map((r) => `${formatDate(r.requestedOn)}: ${r.comments}${r.answeredOn ? ` (sent ${formatDate(r.answeredOn)})` : ' (not yet sent)'}`)
      .join('; '),
  );
  if (record.localReview?.clockStartReasons) add('6-month deadline starts later because', record.localReview.clockStartReasons);
  add(
    'How the learning was spread',
    (record.dissemination ?? [])
      .map((d) => `${valueLabel(d.kind)} on ${formatDate(d.disseminatedOn)} for ${d.audience} (${d.reach} reached)`)
      .join('; '),
  );
  if (record.repositorySubmission) add('Sent to the NSPCC repository', formatDate(record.repositorySubmission.submittedOn));
}
