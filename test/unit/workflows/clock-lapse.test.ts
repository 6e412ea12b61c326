/**
 * Clocks whose stage has ended lapse (machine version 3), with the day and the reason kept on the
 * clock; a closed case has no open deadline; the Panel's soft reply clock is shown, never chased.
 *
 * Dates worked out by hand (England and Wales; no bank holiday between 3 March and 4 April 2025):
 * LA and partners aware Monday 2025-03-03 → partners told by day 5 = Mon 10 March; agency returns
 * day 10 = Mon 17 March; meeting day 12 = Wed 19 March; sign-off day 14 = Fri 21 March; rapid
 * review day 15 = Mon 24 March. Rapid review sent Fri 21 March → Panel reply expected 10 working
 * days later = Fri 4 April.
 */
import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../../src/errors/app-errors.js';
import { clockStatusOn } from '../../../src/calendar/index.js';
import { derivedFields } from '../../../src/cases/case-derived.js';
import { unrecordedOverdueClocks } from '../../../src/cases/deadline-sweeper.js';
import type { CaseRecord } from '../../../src/cases/case.record.js';
import type { CaseEvent } from '../../../workflows/case-events.schema.js';
import { acceptedEvents, openCase, type WorkflowView } from '../../../workflows/case-workflow.js';
import { E, OPENED_AT, actors, deps, openingFor } from './support/scenario.js';
import { SI_PATHS, clock, open, play, refused, si } from './support/play.js';

const NOW = new Date('2025-12-01T12:00:00Z');
const passed = (clockId: string, at: string): CaseEvent => ({ type: 'deadline.passed', actor: actors.system, at, clockId }) as CaseEvent;

/** The stored case as the sweeper reads it (only what it looks at). */
function stored(view: WorkflowView): CaseRecord {
  return { clocks: view.clocks, stage: view.stage, final: view.final, workflow: view.persisted } as unknown as CaseRecord;
}

/**
 * A serious incident sent to the Panel before the partners were told: possible on machine version
 * 3 (version 4 refuses to send it), so opened on version 3, as a stored case still is.
 */
function sentUntoldOnV3(): WorkflowView {
  const opened = openCase(deps, openingFor('serious-incident'), { actor: actors.bu, at: OPENED_AT }, 3);
  return play(opened, ...SI_PATHS.panelResponse.filter((e) => e.type !== 'partners.informed'));
}

describe('a rapid review sent to the Panel (machine version 3, partners not yet told)', () => {
  const sent = sentUntoldOnV3();

  it('lapses the agency returns milestone on the day the review was sent, with the reason', () => {
    expect(clock(sent, 'agency-returns')).toMatchObject({
      dueOn: '2025-03-17',
      lapsedOn: '2025-03-21',
      lapseReason: 'stage ended without this step: the rapid review was sent',
    });
    expect(clock(sent, 'agency-returns')!.metOn).toBeUndefined();
    expect(clockStatusOn(clock(sent, 'agency-returns')!, '2025-04-07', deps.calendar)).toBe('lapsed');
  });

  it('keeps the milestones that were met as met (meeting 18 March, sign-off 20 March, review 21 March)', () => {
    expect(clock(sent, 'rapid-review-meeting')).toMatchObject({ dueOn: '2025-03-19', metOn: '2025-03-18' });
    expect(clock(sent, 'partner-sign-off')).toMatchObject({ dueOn: '2025-03-21', metOn: '2025-03-20' });
    expect(clock(sent, 'rapid-review')).toMatchObject({ dueOn: '2025-03-24', metOn: '2025-03-21' });
    for (const id of ['rapid-review-meeting', 'partner-sign-off', 'rapid-review']) expect(clock(sent, id)!.lapsedOn).toBeUndefined();
  });

  it('keeps "partners told" running while the Panel can still be told it happened, and chases only it', () => {
    expect(clock(sent, 'partners-informed')).toMatchObject({ dueOn: '2025-03-10' });
    expect(clock(sent, 'partners-informed')!.lapsedOn).toBeUndefined();
    const derived = derivedFields(sent, null, NOW);
    expect(derived.openDeadlines).toEqual([{ clockId: 'partners-informed', dueOn: '2025-03-10' }]);
    expect(derived.nextDueOn).toBe('2025-03-10');
  });

  it('shows the Panel reply expected on 4 April as awaited once passed, never overdue, never swept', () => {
    const reply = clock(sent, 'panel-response')!;
    expect(reply.dueOn).toBe('2025-04-04');
    expect(clockStatusOn(reply, '2025-04-03', deps.calendar)).toBe('pending');
    expect(clockStatusOn(reply, '2025-04-07', deps.calendar)).toBe('awaited');
    expect(derivedFields(sent, null, NOW).openDeadlines.map((d) => d.clockId)).not.toContain('panel-response');
    expect(unrecordedOverdueClocks(stored(sent), '2025-04-07').map((c) => c.clockId)).toEqual(['partners-informed']);
    refused(sent, passed('panel-response', '2025-04-07T06:00:00Z'), RuleViolationError, 'soft-clock-not-swept');
  });

  it('once partners were told, leaves the sweeper nothing to note while only the Panel reply is open', () => {
    const informed = si('panelResponse');
    expect(informed.clocks.filter((c) => c.metOn === undefined && c.lapsedOn === undefined).map((c) => c.clockId)).toEqual([
      'panel-response',
    ]);
    expect(acceptedEvents(deps, informed.persisted, 'system')).toEqual([]);
    expect(derivedFields(informed, null, NOW)).toMatchObject({ openDeadlines: [], nextDueOn: null, sweepDueOn: null });
  });

  it('refuses to note or extend a lapsed clock', () => {
    refused(sent, passed('agency-returns', '2025-04-07T06:00:00Z'), RuleViolationError, 'clock-already-lapsed');
  });
});

describe('after the Panel answers', () => {
  it('"partners told" lapses on the day of the answer (3 April); nothing of the rapid review is chased', () => {
    const agreed = play(sentUntoldOnV3(), E.panelAgreed);
    expect(clock(agreed, 'partners-informed')).toMatchObject({
      dueOn: '2025-03-10',
      lapsedOn: '2025-04-03',
      lapseReason: 'stage ended without this step: the Panel responded to the rapid review',
    });
    expect(clock(agreed, 'panel-response')).toMatchObject({ metOn: '2025-04-03' });
    const derived = derivedFields(agreed, null, NOW);
    expect(derived.openDeadlines).toEqual([]);
    expect(derived.nextDueOn).toBeNull();
    expect(derived.sweepDueOn).toBeNull();
  });

  it('a challenge back to revising does not reopen the lapsed agency returns clock', () => {
    const revising = play(si('panelResponse'), E.panelChallenged);
    expect(revising.state).toBe('rapidReview.revising');
    expect(clock(revising, 'agency-returns')).toMatchObject({ lapsedOn: '2025-03-21' });
    // a late return on 7 April is recorded, but does not turn the lapsed milestone into a met one
    const returned = play(
      revising,
      { ...E.agencyRequested, at: '2025-04-07T09:00:00Z' },
      { ...E.agencyReturned, at: '2025-04-07T12:00:00Z' },
      { ...E.agencyReturned, agency: 'org-health', actor: { ...actors.agency, organisationId: 'org-health' }, at: '2025-04-07T13:00:00Z' },
    );
    expect(returned.context.agencyRequests.every((r) => r.returnedOn === '2025-04-07')).toBe(true);
    expect(clock(returned, 'agency-returns')).toMatchObject({ lapsedOn: '2025-03-21' });
    expect(clock(returned, 'agency-returns')!.metOn).toBeUndefined();
  });
});

describe('a closed case', () => {
  it('a withdrawn notification (12 March) lapses every open clock that day and leaves nothing to chase', () => {
    const withdrawn = play(open('serious-incident'), E.sinSubmitted, E.sinWithdrawn);
    expect(withdrawn.final).toBe(true);
    const lapsed = withdrawn.clocks.filter((c) => c.lapsedOn !== undefined);
    expect(lapsed.map((c) => [c.clockId, c.dueOn, c.lapsedOn])).toEqual([
      ['partners-informed', '2025-03-10', '2025-03-12'],
      ['rapid-review', '2025-03-24', '2025-03-12'],
      ['agency-returns', '2025-03-17', '2025-03-12'],
      ['rapid-review-meeting', '2025-03-19', '2025-03-12'],
      ['partner-sign-off', '2025-03-21', '2025-03-12'],
    ]);
    expect(new Set(lapsed.map((c) => c.lapseReason))).toEqual(new Set(['stage ended without this step: the notification was withdrawn']));
    expect(clock(withdrawn, 'sin-notification')).toMatchObject({ metOn: '2025-03-07' });
    const derived = derivedFields(withdrawn, null, NOW);
    expect(derived).toMatchObject({ openDeadlines: [], nextDueOn: null, sweepDueOn: null });
    expect(unrecordedOverdueClocks(stored(withdrawn), '2025-12-01')).toEqual([]);
  });

  it('screened to no further action after a death notification has nothing open', () => {
    const death = play(open('looked-after-death'), E.sinSubmitted, E.screenedNoAction);
    expect(death.final).toBe(true);
    expect(derivedFields(death, null, NOW)).toMatchObject({ openDeadlines: [], nextDueOn: null, sweepDueOn: null });
  });
});
