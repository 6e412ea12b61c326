import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/access/principal.js';
import { loadHolidayCalendar } from '../../../src/calendar/bank-holidays.loader.js';
import { CLOCK_RULES } from '../../../src/calendar/clock-rules.js';
import type { CaseView } from '../../../src/cases/case.views.js';
import { eventsWaitingFor, type WaitingFacts, waitingFactsOf } from '../../../src/web/cases/waiting.js';
import { workflowStages } from '../../../src/web/cases/workflow-stages.js';
import { clockStatusTag, formatDate, formatInstant, humanise, stateLabel, workingDaysText } from '../../../src/web/labels.js';
import { barChartSvg, describeChart, percentage } from '../../../src/web/reports/charts.js';
import { currentReportingYear } from '../../../src/web/reports/report.pages.js';
import { safeReturnTo } from '../../../src/web/session/web-session.js';
import { navigationFor } from '../../../src/web/web.module.js';
import { CURRENT_MACHINE_VERSION, machineFor } from '../../../workflows/case-workflow.js';

describe('words on the pages', () => {
  it('writes dates, instants, states and working days as GOV.UK does', () => {
    expect(formatDate('2025-03-10')).toBe('10 March 2025');
    expect(formatInstant('2025-03-07T12:00:00Z')).toBe('7 March 2025 at 12:00pm');
    expect(formatInstant('2025-07-01T08:05:00Z')).toBe('1 July 2025 at 9:05am'); // British Summer Time
    expect(stateLabel('rapidReview.signingOff')).toBe('Rapid review: signing off');
    expect(humanise('improvements-needed')).toBe('Improvements needed');
    expect([5, 1, 0, -1, -3, null].map(workingDaysText)).toEqual([
      '5 working days left',
      '1 working day left',
      'Due today',
      '1 working day overdue',
      '3 working days overdue',
      '',
    ]);
    expect(['overdue', 'due-soon', 'pending', 'met', 'breached'].map((status) => clockStatusTag(status).text)).toEqual([
      'Overdue',
      'Due soon',
      'Not yet due',
      'Met',
      'Met late',
    ]);
  });
});

describe('the workflow diagram', () => {
  it('lists a serious incident’s stages in order with the current one highlighted', async () => {
    const machine = machineFor({ calendar: await loadHolidayCalendar(undefined), clockRules: CLOCK_RULES }, CURRENT_MACHINE_VERSION);
    const stages = workflowStages(machine, 'serious-incident', 'rapidReview.deciding', ['notification', 'rapidReview.gathering']);
    expect(stages.map((stage) => [stage.id, stage.status])).toEqual([
      ['notification', 'done'],
      ['rapidReview', 'current'],
      ['panelResponse', 'not-reached'],
      ['localReview', 'not-reached'],
      ['publication', 'not-reached'],
      ['actionPlan', 'not-reached'],
      ['closed', 'not-reached'],
    ]);
    expect(stages[1]!.steps.find((step) => step.current)?.id).toBe('deciding');
    // A case that went to alternative learning shows that stage on its path.
    const learning = workflowStages(machine, 'referral', 'alternativeLearning', ['screening']);
    expect(learning.map((stage) => stage.id)).toContain('alternativeLearning');
    expect(learning.find((stage) => stage.id === 'notification')?.status).toBe('skipped');
  });
});

describe('work waiting for a user', () => {
  const lead: Principal = { userId: 'l', role: 'partner-lead', partnershipId: 'n', organisationId: 'n-police', partner: 'police' };
  const agency: Principal = { userId: 'a', role: 'agency', partnershipId: 'n', organisationId: 'n-school' };
  const view = (signOffs: string[]) =>
    ({
      acceptedEvents: ['rapid-review.signed-off'],
      record: { rapidReview: { signOffs: signOffs.map((partner) => ({ partner })) }, localReview: { signOffs: [] } },
    }) as unknown as CaseView;
  it('does not ask a partner to sign off twice (the case page, from the whole case)', () => {
    expect(eventsWaitingFor(waitingFactsOf(view([])), lead)).toEqual(['rapid-review.signed-off']);
    expect(eventsWaitingFor(waitingFactsOf(view(['police'])), lead)).toEqual([]);
    expect(eventsWaitingFor(waitingFactsOf(view(['health'])), lead)).toEqual(['rapid-review.signed-off']);
  });
  it('asks an agency only for its own outstanding return (the case page)', () => {
    const narrow = (returnedOn: string | null) =>
      ({
        acceptedEvents: ['agency-information.returned'],
        informationRequests: [{ agency: 'n-school', returnedOn }],
      }) as unknown as CaseView;
    expect(eventsWaitingFor(waitingFactsOf(narrow(null)), agency)).toEqual(['agency-information.returned']);
    expect(eventsWaitingFor(waitingFactsOf(narrow('2025-01-01')), agency)).toEqual([]);
  });
  it('answers the same from My work’s summary facts', () => {
    const facts = (signedOffBy: ('police' | 'health')[]): WaitingFacts => ({
      acceptedEvents: ['local-review.signed-off'],
      signedOffBy,
      informationRequests: [],
    });
    expect(eventsWaitingFor(facts([]), lead)).toEqual(['local-review.signed-off']);
    expect(eventsWaitingFor(facts(['police']), lead)).toEqual([]);
    expect(eventsWaitingFor(facts(['health']), lead)).toEqual(['local-review.signed-off']);
    const owed = {
      acceptedEvents: ['agency-information.returned'],
      signedOffBy: [],
      informationRequests: [{ agency: 'n-school', requestedOn: '2025-03-04', dueOn: null }],
    } satisfies WaitingFacts;
    expect(eventsWaitingFor(owed, agency)).toEqual(['agency-information.returned']);
    expect(eventsWaitingFor({ ...owed, informationRequests: [] }, agency)).toEqual([]);
  });
});

describe('charts', () => {
  it('draws bars with their numbers beside them, and describes every number', () => {
    const chart = {
      id: 'c1',
      title: 'On time <rate>',
      bars: [
        { label: 'Within', value: 3, colour: 'green' as const, note: '(75%)' },
        { label: 'Late', value: 1, colour: 'red' as const },
      ],
    };
    const svg = barChartSvg(chart);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('<title id="c1-title">On time &lt;rate&gt;</title>');
    expect(svg).toContain('>3 (75%)</text>');
    expect(svg).toContain('>1</text>');
    expect(svg).not.toContain('<rate>');
    expect(describeChart(chart)).toBe('On time <rate>: Within 3 (75%); Late 1.');
    expect([percentage(3, 4), percentage(0, 0), percentage(2, 3)]).toEqual([75, undefined, 67]);
  });
  it('works out the current reporting year', () => {
    expect(currentReportingYear('2025-06-02', 4)).toBe(2025);
    expect(currentReportingYear('2025-03-31', 4)).toBe(2024);
    expect(currentReportingYear('2025-01-01', 1)).toBe(2025);
  });
});

describe('navigation and return addresses', () => {
  it('shows each role what it may use', () => {
    const texts = (role: Parameters<typeof navigationFor>[0]) => navigationFor(role, '/cases', true, true).map((item) => item.text);
    expect(texts('agency')).toEqual(['My work', 'Cases', 'Refer a case', 'Action plans', 'Deadline calculator']);
    expect(texts('chair')).toEqual(['My work', 'Cases', 'Open a case', 'Action plans', 'Yearly report', 'Deadline calculator']);
    expect(texts('reviewer')).toEqual(['My work', 'Cases', 'Deadline calculator']);
    expect(texts(undefined)).toEqual(['Deadline calculator', 'Sign in']);
    expect(navigationFor('chair', '/cases/new', true, true).find((item) => 'current' in item)?.text).toBe('Open a case');
  });
  it('returns only to a path on this site', () => {
    expect(safeReturnTo('/cases/abc?x=1')).toBe('/cases/abc?x=1');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', '/sign-in', undefined, 42])
      expect(safeReturnTo(bad)).toBe('/my-work');
  });
});
