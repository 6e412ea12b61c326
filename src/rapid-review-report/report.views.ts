import type { ReportRecord } from './report.model.js';
import { signedPartners, versionStatus } from './report.signing.js';

/** The report as every reader of the case's rapid review sees it (the partners' work, no child data). */
export function reportView(caseId: string, record: ReportRecord | null) {
  if (!record)
    return {
      caseId,
      documentId: null,
      text: { analysis: '', immediateSafetyActions: '', learning: '' },
      latestVersion: null,
      versions: [],
      sentToPanel: null,
    };
  return {
    caseId,
    documentId: record.documentId,
    text: { analysis: record.text.analysis, immediateSafetyActions: record.text.immediateSafetyActions, learning: record.text.learning },
    latestVersion: record.versions.at(-1)?.version ?? null,
    versions: record.versions.map((version) => ({
      version: version.version,
      documentVersion: version.documentVersion,
      generatedBy: version.generatedBy,
      generatedOn: version.generatedOn,
      meetingId: version.meetingId,
      status: versionStatus(record, version),
      signedCount: signedPartners(version).length,
      signOffs: version.signOffs.map((signOff) => ({ partner: signOff.partner, userId: signOff.userId, signedOn: signOff.signedOn })),
      queries: version.queries.map((query) => ({
        partner: query.partner,
        userId: query.userId,
        comment: query.comment,
        queriedOn: query.queriedOn,
      })),
    })),
    sentToPanel: record.sentToPanel ? { version: record.sentToPanel.version, sentOn: record.sentToPanel.sentOn } : null,
  };
}

export type ReportView = ReturnType<typeof reportView>;
