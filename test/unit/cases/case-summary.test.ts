import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/access/principal.js';
import { derivedFields } from '../../../src/cases/case-derived.js';
import type { CaseRecord } from '../../../src/cases/case.record.js';
import { summariseCase } from '../../../src/cases/case-summary.js';
import { caseWorkItem } from '../../../src/cases/case.views.js';
import { acceptedEvents, acceptedEventsOfStored, viewOf, type WorkflowView } from '../../../workflows/case-workflow.js';
import { ROLES } from '../../../workflows/roles.js';
import { open, play, si, SI_PATHS } from '../workflows/support/play.js';
import { actors, deps, E } from '../workflows/support/scenario.js';

// The scenario's serious incident: LA aware Monday 3 March 2025, so (worked out by hand) the SIN
// and partners-informed clocks are due Monday 10 March (5 working days), the rapid review Monday
// 24 March (15), and, once the agencies are asked on Tuesday 4 March, their returns Monday 17,
// the rapid review meeting Wednesday 19 and the partners' sign-off Friday 21 March.

const OPENED_AT = new Date('2025-03-03T10:00:00Z');
const UPDATED_AT = new Date('2025-03-04T12:00:00Z');

/** A stored case around a workflow view, as the service would write it. */
function recordOf(view: WorkflowView, overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    _id: 'case-1',
    partnershipId: 'north',
    reference: 'NTH-2025-0001',
    route: view.context.route,
    ...derivedFields(view, null, UPDATED_AT),
    version: 2,
    referringOrganisationId: null,
    caseData: {
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      partnersAwareOn: '2025-03-03',
      children: [],
      laArea: 'Exampleshire',
      themes: [],
    },
    openedOn: '2025-03-03',
    openedAt: OPENED_AT,
    idempotencyKeys: ['key-1'],
    history: [],
    ...overrides,
  };
}

describe('summariseCase', () => {
  it('keeps what the hot reads need of a new serious incident whose agencies were asked', () => {
    const record = recordOf(play(open('serious-incident'), E.agencyRequested));
    expect(summariseCase(record)).toEqual({
      _id: 'case-1',
      partnershipId: 'north',
      reference: 'NTH-2025-0001',
      route: 'serious-incident',
      state: 'notification',
      stage: 'notification',
      final: false,
      open: true,
      version: 2,
      openedOn: '2025-03-03',
      openedAt: OPENED_AT,
      updatedAt: UPDATED_AT,
      nextDueOn: '2025-03-10',
      sweepDueOn: '2025-03-10',
      openDeadlines: [
        { clockId: 'sin-notification', dueOn: '2025-03-10' },
        { clockId: 'partners-informed', dueOn: '2025-03-10' },
        { clockId: 'rapid-review', dueOn: '2025-03-24' },
        { clockId: 'agency-returns', dueOn: '2025-03-17' },
        { clockId: 'rapid-review-meeting', dueOn: '2025-03-19' },
        { clockId: 'partner-sign-off', dueOn: '2025-03-21' },
      ],
      openMinimumPeriods: [],
      organisationIds: ['org-police', 'org-health'],
      reviewerIds: [],
      referringOrganisationId: null,
      // Every role's events; `deadline.passed` is the sweeper's and nobody's work.
      acceptedEvents: [
        'sin.submitted',
        'partners.informed',
        'partners-informed.waived',
        'agency-information.requested',
        'agency-information.returned',
      ],
      signedOffBy: [],
      outstandingRequests: [
        { agency: 'org-police', requestedOn: '2025-03-04', dueOn: '2025-03-17' },
        { agency: 'org-health', requestedOn: '2025-03-04', dueOn: '2025-03-17' },
      ],
    });
  });

  it('drops a returned request and a met clock', () => {
    const summary = summariseCase(recordOf(play(open('serious-incident'), E.agencyRequested, E.agencyReturned, E.sinSubmitted)));
    expect(summary.outstandingRequests).toEqual([{ agency: 'org-health', requestedOn: '2025-03-04', dueOn: '2025-03-17' }]);
    expect(summary.openDeadlines.map((deadline) => deadline.clockId)).not.toContain('sin-notification');
  });

  it('names the partners who have signed the sign-off the state asks for', () => {
    const rapid = summariseCase(recordOf(play(si('signingOff'), E.signedOffLa)));
    expect(rapid.state).toBe('rapidReview.signingOff');
    expect(rapid.acceptedEvents).toContain('rapid-review.signed-off');
    expect(rapid.signedOffBy).toEqual(['local-authority']);
    const local = summariseCase(recordOf(play(si('lrSigningOff'), E.lrSignedOffPolice)));
    expect(local.acceptedEvents).toContain('local-review.signed-off');
    expect(local.signedOffBy).toEqual(['police']);
    // Past the rapid review, its sign-offs are no longer asked for.
    expect(summariseCase(recordOf(si('panelResponse'))).signedOffBy).toEqual([]);
  });

  it('keeps a clock’s extension and pause for the feeds, and a minimum period apart', () => {
    // Commissioned Monday 14 April: the publication clock runs six months, to Tuesday 14 October.
    const paused = summariseCase(recordOf(play(si('inProgress'), E.paused)));
    expect(paused.openDeadlines.find((deadline) => deadline.clockId === 'lcspr-publication')).toEqual({
      clockId: 'lcspr-publication',
      dueOn: '2025-10-14',
      pausedFrom: '2025-06-02',
    });
    const extension = {
      type: 'clock.extended',
      actor: actors.chair,
      at: '2025-10-15T10:00:00Z',
      clockId: 'lcspr-publication',
      newDueOn: '2025-12-31',
      reasons: 'inquest',
    } as const;
    const extended = summariseCase(recordOf(play(si('lrSigningOff'), extension)));
    expect(extended.openDeadlines.find((deadline) => deadline.clockId === 'lcspr-publication')).toEqual({
      clockId: 'lcspr-publication',
      dueOn: '2025-12-31',
      originalDueOn: '2025-10-14',
      revisions: 1,
    });
    // Published Monday 13 October 2025: the report stays published for a year.
    const published = summariseCase(recordOf(si('actionPlan')));
    expect(published.openMinimumPeriods).toEqual([{ clockId: 'report-kept-published', dueOn: '2026-10-13' }]);
    expect(published.openDeadlines.map((deadline) => deadline.clockId)).not.toContain('report-kept-published');
    expect(published.acceptedEvents).toEqual([
      'learning.disseminated',
      'repository.submitted',
      'learning.completed',
      'action-plan.completed',
      'case.closed',
    ]);
  });

  it('a closed case is not open and offers nothing to do', () => {
    const summary = summariseCase(recordOf(play(si('actionPlan'), E.learningCompleted, E.actionPlanCompleted, E.closed)));
    expect([summary.state, summary.final, summary.open, summary.sweepDueOn, summary.acceptedEvents]).toEqual([
      'closed',
      true,
      false,
      null,
      [],
    ]);
  });

  it('a case stored closed with clocks still open (before they lapsed) is summarised with nothing due, nothing to sweep', () => {
    // A version-2 case withdrawn on 12 March: its rapid review clocks (due 10 to 24 March) never
    // lapsed, and the stored derived fields still named them.
    const fixture = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../workflows/fixtures/v2/closed.json'), 'utf8'));
    const stale = {
      openDeadlines: [{ clockId: 'partners-informed', dueOn: '2025-03-10' }],
      nextDueOn: '2025-03-10',
      sweepDueOn: '2025-03-10',
    } as Partial<CaseRecord>;
    const view = viewOf(deps, fixture.persisted);
    const summary = summariseCase(recordOf(view, { ...stale, clocks: view.clocks }));
    expect(view.clocks.filter((c) => c.metOn === undefined).length).toBe(5);
    expect(summary).toMatchObject({ final: true, open: false, openDeadlines: [], nextDueOn: null, sweepDueOn: null });
  });

  it('a case waiting for the Panel is chased for its own clocks, not the Panel reply (soft) nor agency returns (lapsed)', () => {
    const summary = summariseCase(recordOf(si('panelResponse')));
    // partners told on 5 March (version 4 sends the review only then); agency returns lapsed on
    // 21 March; the Panel's reply, expected 4 April, is shown on the case but not chased.
    expect(summary.openDeadlines).toEqual([]);
    expect(summary.nextDueOn).toBeNull();
  });

  it('is small: under 1 KB for a case far along, whose snapshot alone is several times that', () => {
    const record = recordOf(si('actionPlan'));
    const summaryBytes = Buffer.byteLength(JSON.stringify(summariseCase(record)));
    expect(summaryBytes).toBeLessThan(1024);
    expect(summaryBytes).toBeLessThan(Buffer.byteLength(JSON.stringify(record.workflow)) / 4);
  });
});

describe('the events a stored case accepts, without the partnership’s settings', () => {
  it('are those acceptedEvents gives with them, on every serious-incident path', () => {
    for (const path of Object.keys(SI_PATHS) as (keyof typeof SI_PATHS)[]) {
      const persisted = si(path).persisted;
      expect(acceptedEventsOfStored(persisted), path).toEqual(acceptedEvents(deps, persisted));
    }
  });

  it('filtered by role, are what acceptedEvents gives for that role (people only)', () => {
    const record = recordOf(play(si('signingOff'), E.signedOffLa));
    const summary = summariseCase(record);
    for (const role of ROLES) {
      const principal = { userId: 'u', role, partnershipId: 'north', organisationId: 'org-police' } as Principal;
      const item = caseWorkItem(summary, principal, { today: '2025-03-20', calendar: deps.calendar, warnWorkingDays: 3 });
      expect(item.acceptedEvents, role).toEqual(acceptedEvents(deps, record.workflow, role));
    }
  });
});

describe('caseWorkItem (My work, from a summary)', () => {
  const summary = summariseCase(recordOf(play(open('serious-incident'), E.agencyRequested)));
  const view = { today: '2025-03-13', calendar: deps.calendar, warnWorkingDays: 3 };

  it('gives an agency its own outstanding request and only the agency-returns clock', () => {
    const agency: Principal = { userId: 'a', role: 'agency', partnershipId: 'north', organisationId: 'org-police' };
    const item = caseWorkItem(summary, agency, view);
    expect(item.acceptedEvents).toEqual(['agency-information.returned']);
    expect(item.informationRequests).toEqual([{ agency: 'org-police', requestedOn: '2025-03-04', dueOn: '2025-03-17' }]);
    // Thursday 13 March to Monday 17 March: 2 working days left, within the warning window of 3.
    expect(item.deadlines).toEqual([
      { clockId: 'agency-returns', title: expect.any(String), dueOn: '2025-03-17', status: 'due-soon', workingDaysLeft: 2 },
    ]);
  });

  it('gives a reviewer every open deadline with its status on the day', () => {
    const reviewer: Principal = { userId: 'r', role: 'reviewer', partnershipId: 'north' };
    const item = caseWorkItem(summary, reviewer, view);
    expect(item.deadlines.map((deadline) => [deadline.clockId, deadline.status, deadline.workingDaysLeft])).toEqual([
      ['sin-notification', 'overdue', -3],
      ['partners-informed', 'overdue', -3],
      ['rapid-review', 'pending', 7],
      ['agency-returns', 'due-soon', 2],
      ['rapid-review-meeting', 'pending', 4],
      ['partner-sign-off', 'pending', 6],
    ]);
    expect(item.informationRequests).toEqual([]);
  });
});
