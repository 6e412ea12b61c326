import type { Principal } from '../access/principal.js';
import { seesSharing } from './document.access.js';
import type { DocumentRecord, DocumentVersionRecord } from './document.model.js';

/** What leaves the service, field by field (never the stored record, never GridFS ids). */
export function documentVersionView(version: DocumentVersionRecord) {
  return {
    version: version.version,
    fileName: version.fileName,
    contentType: version.contentType,
    size: version.size,
    sha256: version.sha256,
    uploadedBy: { userId: version.uploadedBy.userId, role: version.uploadedBy.role, organisationId: version.uploadedBy.organisationId },
    uploadedAt: version.uploadedAt.toISOString(),
    receivedOn: version.receivedOn,
  };
}

export function documentView(record: DocumentRecord, principal: Principal) {
  return {
    id: record._id,
    caseId: record.caseId,
    kind: record.kind,
    title: record.title,
    ownerOrganisationId: record.ownerOrganisationId,
    ...(seesSharing(principal) ? { sharedWithOrganisationIds: [...record.sharedWithOrganisationIds] } : {}),
    latestVersion: record.latestVersion,
    versions: record.versions.map(documentVersionView),
  };
}

export type DocumentView = ReturnType<typeof documentView>;
