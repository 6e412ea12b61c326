/**
 * The 7-working-day publication notice (Panel, Secretary of State, Ofsted) applies only to a
 * statutory LCSPR (machine version 3), and its clock is never extended: only a new publication
 * decision moves it. A local review without a notification (a local rapid
 * review of a near miss) is the partnership's own learning: published on its own decision, with
 * no notice clock and nothing sent to the Panel or the Secretary of State.
 */
import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../../src/errors/app-errors.js';
import type { CaseEvent } from '../../../workflows/case-events.schema.js';
import { E } from './support/scenario.js';
import { clock, open, play, refused, si } from './support/play.js';

const but = <T extends CaseEvent>(event: T, changes: Partial<Record<string, unknown>>): CaseEvent =>
  ({ ...event, ...changes }) as CaseEvent;

/** A near miss referred on Mon 3 March 2025, screened to a local rapid review, which decides on a local review (no notification). */
const localReview = () =>
  play(
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
    E.draftReceived,
    E.qualityAssured,
    E.lrSignedOffLa,
    E.lrSignedOffPolice,
    E.lrSignedOffHealth,
  );

describe('a local review without a notification', () => {
  it('goes from the publication decision (1 October, planned 13 October) to awaiting publication, with no notice clock', () => {
    const before = localReview();
    expect(before.state).toBe('publication.deciding');
    // the milestone it never recorded lapsed when the local rapid review was completed (21 March)
    expect(clock(before, 'agency-returns')).toMatchObject({
      lapsedOn: '2025-03-21',
      lapseReason: 'stage ended without this step: the rapid review was completed',
    });
    expect(before.context.notification).toBeNull();
    const decided = play(before, E.publicationDecided);
    expect(decided.state).toBe('publication.awaitingPublication');
    expect(clock(decided, 'publication-notice')).toBeUndefined();
    expect(decided.effects).toEqual([]);
  });

  it('is published on its planned day with no notice sent, and its 6-month clock met', () => {
    const published = play(localReview(), E.publicationDecided, E.published);
    expect(published.state).toBe('actionPlan');
    expect(published.context.publication.notice).toBeNull();
    expect(published.context.publication.published).toMatchObject({ publishedOn: '2025-10-13' });
    // commissioned Mon 14 April 2025 → 6 months → 14 October; published on the 13th: met
    expect(clock(published, 'lcspr-publication')).toMatchObject({ dueOn: '2025-10-14', metOn: '2025-10-13' });
  });

  it('still needs a publication decision, not deferred', () => {
    refused(localReview(), E.published, RuleViolationError, 'publication-needs-decision');
    const deferred = play(localReview(), E.publicationDecided, E.deferred);
    refused(deferred, E.published, RuleViolationError, 'publication-needs-decision');
    // a deferral of the partnership's own review is not reported to the Panel or the Secretary of State
    expect(deferred.effects).toEqual([]);
    const again = play(deferred, but(E.publicationDecided, { at: '2025-10-04T10:00:00Z', plannedOn: '2025-10-20' }));
    expect(again.state).toBe('publication.awaitingPublication');
  });
});

describe('a statutory LCSPR (after a serious incident notification)', () => {
  it('keeps the notice: the 7-working-day clock (13 October → 2 October) and no publication without it', () => {
    const decided = play(si('publicationDeciding'), E.publicationDecided);
    expect(decided.state).toBe('publication.noticePending');
    expect(clock(decided, 'publication-notice')).toMatchObject({ dueOn: '2025-10-02' });
    refused(decided, E.published, RuleViolationError, 'publication-needs-notice-7-working-days-before');
    const deferred = play(decided, E.deferred);
    expect(deferred.effects.map((effect) => effect.kind)).toEqual(['notify-panel', 'notify-secretary-of-state']);
  });

  it('never extends the notice clock; a new publication decision (for Mon 27 October) moves it to Thu 16 October', () => {
    const decided = play(si('publicationDeciding'), E.publicationDecided);
    const extend = {
      type: 'clock.extended',
      actor: E.publicationDecided.actor,
      at: '2025-10-02T09:00:00Z',
      clockId: 'publication-notice',
      newDueOn: '2025-10-09',
      reasons: 'report late',
    } as CaseEvent;
    refused(decided, extend, RuleViolationError, 'publication-notice-moves-only-by-new-decision');
    const moved = play(decided, but(E.publicationDecided, { at: '2025-10-02T09:00:00Z', plannedOn: '2025-10-27' }));
    expect(clock(moved, 'publication-notice')).toMatchObject({ dueOn: '2025-10-16', originalDueOn: '2025-10-16', revisions: [] });
    expect(moved.context.archivedClocks.find((c) => c.clockId === 'publication-notice')).toMatchObject({ dueOn: '2025-10-02' });
  });
});
