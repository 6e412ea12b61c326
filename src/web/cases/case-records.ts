import type { Principal } from '../../access/principal.js';
import { DOCUMENT_KINDS } from '../../documents/document.schemas.js';
import { uploadableKinds } from '../../documents/document.access.js';
import type { DocumentView } from '../../documents/document.views.js';
import type { MeetingView } from '../../meetings/meeting.service.js';
import type { ReportView } from '../../rapid-review-report/report.views.js';
import { type FieldSpec, renderField } from '../forms/govuk-fields.js';
import { formatDate, humanise, PARTNER_LABELS } from '../labels.js';

/**
 * The case page's documents, meetings and rapid review report sections (issue 15): what each
 * role sees and may do, from the services' own answers (already shaped for the principal).
 */

/** How many attendee rows the meeting form offers (a rapid review meeting rarely has more). */
export const ATTENDEE_ROWS = 6;

export const KIND_LABELS: Record<string, string> = {
  'agency-return-attachment': 'Agency return attachment',
  'rapid-review-report': 'Rapid review report',
  'panel-letter': 'Panel letter',
  'terms-of-reference': 'Terms of reference',
  'local-review-draft': 'Local review draft',
  other: 'Other',
};

const STATUS_TEXT: Record<string, string> = {
  'awaiting-sign-off': 'Awaiting sign-off',
  signed: 'Signed by all three partners',
  queried: 'Queried: sent back',
  superseded: 'Replaced by a later version',
  sent: 'Sent to the Panel',
};

export interface CaseRecordsInput {
  principal: Principal;
  caseId: string;
  documents: DocumentView[] | null;
  meetings: MeetingView[] | null;
  report: ReportView | null;
  organisations: { id: string; name: string }[];
}

function documentRows(caseId: string, documents: DocumentView[]) {
  return documents.map((document) => {
    const latest = document.versions.at(-1)!;
    const links = [...document.versions]
      .reverse()
      .map(
        (version) =>
          `<a class="govuk-link" href="/cases/${caseId}/documents/${document.id}/download?version=${version.version}" download>Download version ${version.version}<span class="govuk-visually-hidden"> of ${escape(document.title)}</span></a>`,
      )
      .join('<br>');
    return [
      { text: document.title },
      { text: KIND_LABELS[document.kind] ?? humanise(document.kind) },
      { text: `${latest.fileName} (${Math.max(1, Math.round(latest.size / 1024))} KB), received ${formatDate(latest.receivedOn)}` },
      { html: links },
    ];
  });
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function meetingForm(organisations: { id: string; name: string }[]) {
  const spec = (extra: Partial<FieldSpec> & Pick<FieldSpec, 'name' | 'label' | 'kind'>): FieldSpec => ({
    id: `meeting-${extra.name}`,
    ...extra,
  });
  return {
    heldOn: renderField(spec({ name: 'heldOn', label: 'Date the meeting was held', kind: 'date' }), {}),
    minutesText: renderField(
      spec({
        name: 'minutesText',
        label: 'Minutes',
        kind: 'textarea',
        optional: true,
        hint: 'Or upload the minutes as a document above.',
        maxLength: 20_000,
      }),
      {},
    ),
    attendees: Array.from({ length: ATTENDEE_ROWS }, (_, index) => ({
      index,
      organisation: renderField(
        spec({
          name: `attendee-${index}-organisation`,
          label: `Attendee ${index + 1}: organisation`,
          kind: 'select',
          optional: index > 0,
          options: [{ value: '', text: 'Choose an organisation' }, ...organisations.map((o) => ({ value: o.id, text: o.name }))],
        }),
        {},
      ),
      role: renderField(
        spec({
          name: `attendee-${index}-role`,
          label: `Attendee ${index + 1}: role`,
          kind: 'text',
          optional: index > 0,
          maxLength: 100,
          classes: 'govuk-!-width-two-thirds',
        }),
        {},
      ),
    })),
  };
}

export function caseRecordsModel(input: CaseRecordsInput) {
  const { principal, caseId } = input;
  const role = principal.role;
  const kinds = uploadableKinds(role);
  const writer = role === 'chair' || role === 'business-unit';
  const report = input.report;
  const latest = report?.versions.at(-1);
  return {
    documents: input.documents
      ? {
          head: [{ text: 'Document' }, { text: 'Kind' }, { text: 'Latest version' }, { text: 'Download' }],
          rows: documentRows(caseId, input.documents),
          uploadKinds: DOCUMENT_KINDS.filter((kind) => kinds.includes(kind)).map((kind) => ({ value: kind, text: KIND_LABELS[kind] })),
        }
      : null,
    meetings: input.meetings
      ? {
          items: input.meetings.map((meeting) => ({
            title: `${meeting.kind === 'rapid-review' ? 'Rapid review meeting' : 'Review panel meeting'}, ${formatDate(meeting.heldOn)}`,
            attendees: meeting.attendees.map(
              (attendee) => `${attendee.organisationName}: ${attendee.role}${attendee.name ? ` (${attendee.name})` : ''}`,
            ),
            minutesText: meeting.minutesText,
            minutesDocument: meeting.minutesDocumentId ? `/cases/${caseId}/documents/${meeting.minutesDocumentId}/download` : null,
          })),
          // The page records the rapid review meeting once; later meetings go through the API for now.
          form: writer && !input.meetings.some((meeting) => meeting.kind === 'rapid-review') ? meetingForm(input.organisations) : null,
        }
      : null,
    report: report
      ? {
          text: report.text,
          canWrite: writer && !report.sentToPanel,
          canSign:
            role === 'partner-lead' &&
            latest !== undefined &&
            latest.status === 'awaiting-sign-off' &&
            !latest.signOffs.some((signOff) => signOff.partner === principal.partner),
          canSend: writer && latest?.status === 'signed',
          latestVersion: latest?.version ?? null,
          sentToPanel: report.sentToPanel
            ? `Version ${report.sentToPanel.version} was sent to the Panel on ${formatDate(report.sentToPanel.sentOn)}.`
            : null,
          versions: [...report.versions].reverse().map((version) => ({
            version: version.version,
            title: `Version ${version.version}, generated ${formatDate(version.generatedOn)}`,
            status: STATUS_TEXT[version.status] ?? version.status,
            signed: `${version.signedCount} of 3 signed`,
            signOffs: version.signOffs.map(
              (signOff) => `${PARTNER_LABELS[signOff.partner] ?? signOff.partner}: signed off on ${formatDate(signOff.signedOn)}`,
            ),
            queries: version.queries.map(
              (query) => `${PARTNER_LABELS[query.partner] ?? query.partner} queried on ${formatDate(query.queriedOn)}: ${query.comment}`,
            ),
            download: report.documentId
              ? `/cases/${caseId}/documents/${report.documentId}/download?version=${version.documentVersion}`
              : null,
          })),
        }
      : null,
  };
}

export type CaseRecordsModel = ReturnType<typeof caseRecordsModel>;
