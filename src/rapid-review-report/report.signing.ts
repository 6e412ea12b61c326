import { PARTNERS, type Partner } from '../access/roles.js';
import type { ReportRecord, ReportVersionRecord } from './report.model.js';

/**
 * The sign-off rules of a report version (pure). Partner leads sign a specific version; a query
 * on a version sends it back (it can no longer be signed: the business unit generates a new
 * version); only the latest version is signed; the version sent to the Panel is one all three
 * partners signed.
 */
export type VersionStatus = 'awaiting-sign-off' | 'signed' | 'queried' | 'superseded' | 'sent';

export function signedPartners(version: ReportVersionRecord): Partner[] {
  return PARTNERS.filter((partner) => version.signOffs.some((signOff) => signOff.partner === partner));
}

export function missingPartners(version: ReportVersionRecord): Partner[] {
  return PARTNERS.filter((partner) => !version.signOffs.some((signOff) => signOff.partner === partner));
}

export function versionStatus(report: Pick<ReportRecord, 'versions' | 'sentToPanel'>, version: ReportVersionRecord): VersionStatus {
  if (report.sentToPanel?.version === version.version) return 'sent';
  if (version.version !== report.versions.at(-1)?.version) return 'superseded';
  if (version.queries.length > 0) return 'queried';
  return missingPartners(version).length === 0 ? 'signed' : 'awaiting-sign-off';
}

/** Why `partner` may not sign `version` now, or null when they may. */
export function signOffRefusal(
  report: Pick<ReportRecord, 'versions' | 'sentToPanel'>,
  version: ReportVersionRecord,
  partner: Partner,
): { rule: string; detail: string } | null {
  const status = versionStatus(report, version);
  if (status === 'sent') return { rule: 'report-already-sent', detail: `Version ${version.version} has already been sent to the Panel.` };
  if (status === 'superseded')
    return {
      rule: 'report-version-superseded',
      detail: `Version ${version.version} has been replaced by version ${report.versions.at(-1)!.version}: sign the latest version.`,
    };
  if (status === 'queried')
    return {
      rule: 'report-version-queried',
      detail: `Version ${version.version} was queried and sent back: the business unit will make a new version.`,
    };
  if (version.signOffs.some((signOff) => signOff.partner === partner))
    return { rule: 'report-version-signed-once', detail: `You have already signed off version ${version.version}.` };
  return null;
}

/** Why `version` may not be sent to the Panel, or null when it may. */
export function sendRefusal(
  report: Pick<ReportRecord, 'versions' | 'sentToPanel'>,
  version: ReportVersionRecord,
): { rule: string; detail: string; missing?: Partner[] } | null {
  if (report.sentToPanel)
    return { rule: 'report-already-sent', detail: `Version ${report.sentToPanel.version} has already been sent to the Panel.` };
  const status = versionStatus(report, version);
  if (status === 'superseded')
    return {
      rule: 'report-version-superseded',
      detail: `Version ${version.version} is not the latest (version ${report.versions.at(-1)!.version} is).`,
    };
  if (status === 'queried')
    return { rule: 'report-version-queried', detail: `Version ${version.version} was queried by a partner and cannot be sent.` };
  const missing = missingPartners(version);
  if (missing.length) {
    return {
      rule: 'report-not-signed-by-all-partners',
      detail: `Version ${version.version} is signed by ${3 - missing.length} of 3 partners: not yet by ${missing.join(', ')}.`,
      missing,
    };
  }
  return null;
}
