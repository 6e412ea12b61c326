import { createHash } from 'node:crypto';

/**
 * The id of the information request one agency received from one `agency-information.requested`
 * entry of a case's history. Derived, not random, so the request record (src/information) and the
 * e-mail that links to it (src/messages, from the same history entry) agree without either waiting
 * for the other, and a retried request never makes a second record.
 * @example informationRequestId('case-1', 4, 'north-police') //=> 'ir-' + 24 hex digits
 */
export function informationRequestId(caseId: string, seq: number, organisationId: string): string {
  return `ir-${createHash('sha256').update(`${caseId}\u0000${seq}\u0000${organisationId}`).digest('hex').slice(0, 24)}`;
}
