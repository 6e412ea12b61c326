import { describe, expect, it } from 'vitest';
import { informationRequestId } from '../../../src/information/information-request.id.js';
import { type CaseHistorySlice, messagesOfCase, safeParams } from '../../../src/messages/message.derive.js';
import { selectAudience } from '../../../src/messages/message.rules.js';
import { composeMessage, messageLink, messageTitle, shortDate } from '../../../src/messages/message.templates.js';

const entry = (
  seq: number,
  type: string,
  effects: CaseHistorySlice['history'][number]['effects'],
  extra: Partial<CaseHistorySlice['history'][number]> = {},
) => ({
  seq,
  type,
  actor: { userId: 'north-business-unit' },
  at: `2025-03-0${seq}T10:00:00.000Z`,
  fields: {},
  effects,
  ...extra,
});

const record: CaseHistorySlice = {
  _id: 'c1',
  partnershipId: 'north',
  reference: 'NTH-2025-0001',
  history: [
    entry(1, 'case.opened', [{ kind: 'notify-partners', detail: { reason: 'serious-incident-opened', sinDueOn: '2025-03-10' } }]),
    entry(2, 'agency-information.requested', [
      { kind: 'request-agency-information', detail: { agencies: ['north-police', 'north-school'], dueOn: '2025-03-17' } },
    ]),
    entry(3, 'publication.deferred', [
      { kind: 'notify-panel', detail: { reason: 'publication-deferred', reasons: 'Synthetic free text', reviewOn: '2025-06-01' } },
      {
        kind: 'notify-secretary-of-state',
        detail: { reason: 'publication-deferred', reasons: 'Synthetic free text', reviewOn: '2025-06-01' },
      },
    ]),
    entry(4, 'reviewer.appointed', [], { fields: { reviewerId: 'north-reviewer' } }),
    entry(5, 'deadline.passed', [{ kind: 'remind', detail: { clockId: 'sin-notification' } }]),
  ],
};

describe('messagesOfCase', () => {
  it('derives one message per effect and event, each under a stable key', () => {
    const drafts = messagesOfCase(record, '2025-03-01T00:00:00.000Z');
    expect(drafts.map((draft) => [draft._id, draft.kind, draft.template])).toEqual([
      ['case:c1:1:partners-told:0', 'email', 'partners-told'],
      ['case:c1:2:agency-asked:north-police', 'email', 'agency-asked'],
      ['case:c1:2:agency-asked:north-school', 'email', 'agency-asked'],
      ['case:c1:3:notice-panel:0', 'task', 'notice-panel'],
      ['case:c1:3:notice-secretary-of-state:1', 'task', 'notice-secretary-of-state'],
      ['case:c1:4:reviewer-appointed', 'email', 'reviewer-appointed'],
    ]);
    expect(drafts[1]!.audience).toEqual({ role: 'agency', organisationId: 'north-police' });
    expect(drafts[1]!.params).toEqual({ dueOn: '2025-03-17', requestId: informationRequestId('c1', 2, 'north-police') });
    expect(drafts[5]!.audience).toEqual({ role: 'reviewer', userId: 'north-reviewer' });
    // Free text stays on the case: only the reason code and dates reach a message.
    expect(drafts[3]!.params).toEqual({ reason: 'publication-deferred', reviewOn: '2025-06-01' });
    expect(messagesOfCase(record, '2025-03-01T00:00:00.000Z')).toEqual(drafts);
  });

  it('leaves out entries before the window and imported ones', () => {
    expect(messagesOfCase(record, '2025-03-03T00:00:00.000Z').map((draft) => draft._id)).toEqual([
      'case:c1:3:notice-panel:0',
      'case:c1:3:notice-secretary-of-state:1',
      'case:c1:4:reviewer-appointed',
    ]);
    const imported = { ...record, history: [{ ...record.history[0]!, imported: { by: 'x' } }] };
    expect(messagesOfCase(imported, '2025-01-01T00:00:00.000Z')).toEqual([]);
  });

  it('keeps only codes and calendar dates as parameters', () => {
    expect(
      safeParams({ reason: 'sin-withdrawn', dueOn: '2025-03-10', reasons: 'text', address: 'https://x', badOn: 'tomorrow', reason2: 'x' }),
    ).toEqual({ reason: 'sin-withdrawn', dueOn: '2025-03-10' });
    expect(safeParams({ reason: 'Not A Code' })).toEqual({});
  });
});

describe('templates', () => {
  it('writes the agency request with the reference, the due date and the link only', () => {
    const message = {
      template: 'agency-asked',
      reference: 'NTH-2025-0001',
      caseId: 'c1',
      params: { dueOn: '2025-03-17', requestId: 'ir-abc' },
    };
    const link = messageLink('https://scp.example.org/', message);
    expect(link).toBe('https://scp.example.org/information/requests/ir-abc');
    const { subject, text } = composeMessage(message, link);
    expect(subject).toBe('Information requested: NTH-2025-0001 (due 17 Mar 2025)');
    expect(text).toContain('Due: Monday 17 March 2025 (2025-03-17)');
    expect(text).toContain('Open it: https://scp.example.org/information/requests/ir-abc');
  });

  it('names notices and links other messages to the case', () => {
    expect(messageTitle({ template: 'notice-panel', params: { reason: 'lcspr-delayed' } })).toBe(
      'Tell the Child Safeguarding Practice Review Panel: the local review is delayed',
    );
    expect(messageTitle({ template: 'notice-nspcc', params: {} })).toBe('Send the published report to the NSPCC library');
    expect(messageLink('https://scp.example.org', { template: 'partners-told', caseId: 'c1', params: {} })).toBe(
      'https://scp.example.org/cases/c1',
    );
    expect(messageLink('https://scp.example.org', { template: 'return-arrived', caseId: 'c1', params: {} })).toBe(
      'https://scp.example.org/cases/c1/information',
    );
    expect(shortDate('2025-12-01')).toBe('1 Dec 2025');
  });
});

describe('selectAudience', () => {
  const users = [
    { id: 'a', email: 'A@x.org', role: 'agency' as const, organisationId: 'police', disabled: false },
    { id: 'b', email: 'b@x.org', role: 'agency' as const, organisationId: 'school', disabled: false },
    { id: 'c', email: 'c@x.org', role: 'agency' as const, organisationId: 'police', disabled: true },
    { id: 'd', email: 'd@x.org', role: 'partner-lead' as const, organisationId: 'police', disabled: false },
    { id: 'e', email: 'e@x.org', role: 'reviewer' as const, disabled: false },
    { id: 'f', email: 'f@x.org', role: 'reviewer' as const, disabled: false },
  ];
  it('picks enabled users of the role, organisation or user', () => {
    expect(selectAudience({ role: 'agency', organisationId: 'police' }, users)).toEqual(['a@x.org']);
    expect(selectAudience({ role: 'partner-lead' }, users)).toEqual(['d@x.org']);
    expect(selectAudience({ role: 'reviewer', userId: 'f' }, users)).toEqual(['f@x.org']);
    expect(selectAudience({ role: 'business-unit' }, users)).toEqual([]);
  });
});
