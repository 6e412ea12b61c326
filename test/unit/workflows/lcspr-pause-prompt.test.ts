/**
 * A pause of a statutory LCSPR expected to end after its 6-month date prompts the reasons for the
 * delay to the Panel and the Secretary of State (machine version 3). Dates by hand: commissioned
 * Mon 14 April 2025, so 6 months → Tue 14 October 2025; paused Mon 2 June 2025.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../workflows/case-events.schema.js';
import { E } from './support/scenario.js';
import { clock, open, play, si } from './support/play.js';

const pausedUntil = (expectedEndOn: string): CaseEvent => ({ ...E.paused, expectedEndOn }) as CaseEvent;

describe('a pause of the local review', () => {
  it('expected to end on 1 September, inside the 6 months (14 October): prompts nothing', () => {
    const paused = play(si('inProgress'), pausedUntil('2025-09-01'));
    expect(clock(paused, 'lcspr-publication')).toMatchObject({ dueOn: '2025-10-14' });
    expect(paused.effects).toEqual([]);
  });

  it('expected to end on 14 October, the due date itself: prompts nothing', () => {
    expect(play(si('inProgress'), pausedUntil('2025-10-14')).effects).toEqual([]);
  });

  it('expected to end on 3 November, after the 6 months: the reasons go to the Panel and the Secretary of State', () => {
    const paused = play(si('inProgress'), pausedUntil('2025-11-03'));
    const detail = {
      reason: 'lcspr-paused-past-due-date',
      process: 'criminal-trial',
      expectedEndOn: '2025-11-03',
      dueOn: '2025-10-14',
      reasons: 'trial listed for the summer',
    };
    expect(paused.effects).toEqual([
      { kind: 'notify-panel', detail },
      { kind: 'notify-secretary-of-state', detail },
    ]);
  });

  it('of a local review without a notification: the partnership’s own learning, nothing sent', () => {
    const local = play(
      open('referral'),
      E.screenedLocal,
      E.meetingHeld,
      E.decidedLocalReview,
      E.signedOffLa,
      E.signedOffPolice,
      E.signedOffHealth,
      E.submitted,
      E.commissioned,
      E.reviewerAppointed,
      E.termsAgreed,
    );
    expect(local.state).toBe('localReview.inProgress');
    expect(play(local, pausedUntil('2025-11-03')).effects).toEqual([]);
  });
});
