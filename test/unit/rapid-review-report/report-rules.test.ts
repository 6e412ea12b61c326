import { describe, expect, it } from 'vitest';
import { buildReportContent, type ReportInput } from '../../../src/rapid-review-report/report.content.js';
import type { ReportRecord, ReportVersionRecord } from '../../../src/rapid-review-report/report.model.js';
import { sendRefusal, signOffRefusal, versionStatus } from '../../../src/rapid-review-report/report.signing.js';

const at = new Date('2025-03-12T10:00:00Z');
const version = (n: number, signed: ('local-authority' | 'police' | 'health')[], queried = false): ReportVersionRecord => ({
  version: n,
  documentVersion: n,
  generatedBy: 'bu',
  generatedOn: '2025-03-12',
  generatedAt: at,
  meetingId: null,
  signOffs: signed.map((partner) => ({ partner, userId: partner, signedOn: '2025-03-12', at })),
  queries: queried ? [{ partner: 'police', userId: 'p', comment: 'why', queriedOn: '2025-03-12', at }] : [],
});
const report = (versions: ReportVersionRecord[], sentVersion?: number): Pick<ReportRecord, 'versions' | 'sentToPanel'> => ({
  versions,
  sentToPanel: sentVersion ? { version: sentVersion, sentOn: '2025-03-12', by: 'bu', at } : null,
});

describe('version sign-off rules', () => {
  it('tells each version apart: awaiting, signed, queried, superseded, sent', () => {
    const v1 = version(1, ['police'], true);
    const v2 = version(2, ['local-authority', 'police', 'health']);
    expect(versionStatus(report([v1, v2]), v1)).toBe('superseded');
    expect(versionStatus(report([v1, v2]), v2)).toBe('signed');
    expect(versionStatus(report([v1]), v1)).toBe('queried');
    expect(versionStatus(report([version(1, ['health'])]), version(1, ['health']))).toBe('awaiting-sign-off');
    expect(versionStatus(report([v1, v2], 2), v2)).toBe('sent');
  });

  it('a partner signs the latest, unqueried version once', () => {
    const v1 = version(1, ['police']);
    expect(signOffRefusal(report([v1]), v1, 'health')).toBeNull();
    expect(signOffRefusal(report([v1]), v1, 'police')?.rule).toBe('report-version-signed-once');
    expect(signOffRefusal(report([v1, version(2, [])]), v1, 'health')?.rule).toBe('report-version-superseded');
    expect(signOffRefusal(report([version(1, [], true)]), version(1, [], true), 'health')?.rule).toBe('report-version-queried');
  });

  it('sends only the latest version all three signed, and only once', () => {
    const two = version(1, ['local-authority', 'health']);
    expect(sendRefusal(report([two]), two)).toEqual({
      rule: 'report-not-signed-by-all-partners',
      detail: 'Version 1 is signed by 2 of 3 partners: not yet by police.',
      missing: ['police'],
    });
    const all = version(2, ['local-authority', 'police', 'health']);
    expect(sendRefusal(report([two, all]), all)).toBeNull();
    expect(sendRefusal(report([two, all]), two)?.rule).toBe('report-version-superseded');
    expect(sendRefusal(report([two, all], 2), all)?.rule).toBe('report-already-sent');
  });
});

describe('the report content', () => {
  const input: ReportInput = {
    reference: 'NTH-2025-0001',
    partnershipName: 'North',
    version: 3,
    generatedOn: '2025-03-12',
    caseData: {
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      partnersAwareOn: '2025-03-03',
      children: [
        { ageBand: 'under-1', sex: 'female', legalStatus: ['looked-after'], name: 'Never Shown' } as never,
        { ageYears: 19, sex: 'male', legalStatus: ['care-leaver'] } as never,
      ],
      laArea: 'Northshire',
      themes: ['neglect'],
    },
    context: {
      route: 'serious-incident',
      agencyRequests: [],
      rapidReview: {
        meetings: [],
        signOffs: [],
        submissions: [],
        decision: {
          by: 'c',
          role: 'chair',
          at: '',
          localReview: false,
          nationalReviewSuggested: true,
          criteriaMet: [],
          reasons: 'Learning is in hand.',
        },
      },
    } as never,
    contributions: [{ organisationName: 'Police', summary: 'Known to police.' }],
    contributionsFromReturns: true,
    text: { analysis: 'First.\n\nSecond.', immediateSafetyActions: '', learning: 'Share call-outs.' },
    meeting: null,
  };
  const content = buildReportContent(input);
  const section = (heading: string) => content.sections.find((s) => s.heading === heading)?.paragraphs ?? [];

  it("has the Panel's sections in order", () => {
    expect(content.sections.map((s) => s.heading)).toEqual([
      'The incident and the children',
      "Agencies' involvement",
      'The rapid review meeting',
      'Analysis',
      'Decision against the criteria for a local review',
      'Immediate safety actions',
      'Learning identified',
      'Sign-off',
    ]);
    expect(content.subtitle).toBe('North. Version 3, generated on 12 March 2025.');
  });

  it('describes the children by age band or age, never by name', () => {
    expect(section('The incident and the children')).toContain('Child 1: age Under 1; sex female; legal status looked after.');
    expect(section('The incident and the children')).toContain('Child 2: age 19 years; sex male; legal status care leaver.');
    expect(JSON.stringify(content)).not.toContain('Never Shown');
  });

  it('gives the decision with its criteria and reasons, and says what is not recorded', () => {
    expect(section('Decision against the criteria for a local review')).toEqual([
      'Decision: a local child safeguarding practice review is not required.',
      'Criteria for a local review met (Working Together; SI 2018/789 reg 11): none.',
      'Reasons: Learning is in hand.',
      'National review: the partners suggest the Panel consider this case for a national review.',
    ]);
    expect(section('Analysis')).toEqual(['First.', 'Second.']);
    expect(section('Immediate safety actions')).toEqual(['None recorded.']);
    expect(section('The rapid review meeting')).toEqual(['No rapid review meeting has been recorded.']);
    expect(section("Agencies' involvement")).toEqual(['Police: Known to police.']);
  });
});
