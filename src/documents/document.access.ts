import type { Principal } from '../access/principal.js';
import type { Role } from '../access/roles.js';
import type { DocumentRecord } from './document.model.js';
import { DOCUMENT_KINDS, type DocumentKind } from './document.schemas.js';

/**
 * Who may do what with a case's documents (issue 15). The case itself must be visible to the
 * principal first (an agency on the case, a reviewer assigned to it). Within the case: the
 * business unit, the chair, partner leads, the assigned reviewer and viewers read every document;
 * an agency reads only what its organisation uploaded and what was sent to it. A document an
 * agency may not read answers exactly like a missing one (404), so its existence is not disclosed.
 */

export const DOCUMENT_READ_ROLES: readonly Role[] = ['chair', 'business-unit', 'partner-lead', 'agency', 'reviewer', 'viewer'];
export const DOCUMENT_UPLOAD_ROLES: readonly Role[] = ['chair', 'business-unit', 'partner-lead', 'agency', 'reviewer'];
export const DOCUMENT_SHARE_ROLES: readonly Role[] = ['chair', 'business-unit'];

/** The kinds each role may upload: an agency attaches to its return, a reviewer drafts the local review. */
export function uploadableKinds(role: Role): readonly DocumentKind[] {
  if (role === 'agency') return ['agency-return-attachment', 'other'];
  if (role === 'reviewer') return ['local-review-draft', 'other'];
  if (DOCUMENT_UPLOAD_ROLES.includes(role)) return DOCUMENT_KINDS;
  return [];
}

export function canReadDocument(
  principal: Principal,
  record: Pick<DocumentRecord, 'partnershipId' | 'ownerOrganisationId' | 'sharedWithOrganisationIds'>,
): boolean {
  if (record.partnershipId !== principal.partnershipId) return false;
  if (!DOCUMENT_READ_ROLES.includes(principal.role)) return false;
  if (principal.role !== 'agency') return true;
  const organisationId = principal.organisationId;
  return !!organisationId && (record.ownerOrganisationId === organisationId || record.sharedWithOrganisationIds.includes(organisationId));
}

/** A new version: by the organisation that owns it (an agency), or by the partnership's own roles. */
export function canAddVersion(
  principal: Principal,
  record: Pick<DocumentRecord, 'partnershipId' | 'ownerOrganisationId' | 'sharedWithOrganisationIds' | 'kind'>,
): boolean {
  if (!canReadDocument(principal, record)) return false;
  if (!uploadableKinds(principal.role).includes(record.kind)) return false;
  if (principal.role === 'agency') return record.ownerOrganisationId === principal.organisationId;
  return true;
}

/** Who it was sent to is the partnership's business, not an agency's. */
export function seesSharing(principal: Principal): boolean {
  return principal.role === 'chair' || principal.role === 'business-unit' || principal.role === 'partner-lead';
}
