/**
 * Explicit migrations between machine versions of a persisted snapshot. A migration is pure,
 * keeps the state the case is in, fills what the newer version records, and says what it did
 * (the notes go into the case's history and into its context's `machineMigrations`).
 */
import { V4_DEFAULTS, type CaseContext, type CaseContextV1, type CaseMachineDeps, type MachineMigrationNote } from './case-context.js';
import { findClock, startClocks } from './case-clocks.js';
import { clockStageEnded } from './clock-stages.js';
import { decisionToInitiateOn, rapidReviewGoesToPanel } from './case-rules.js';
import { londonDateOf } from '../src/calendar/england-day.js';
import { lapseClock, type CalendarDate, type Clock } from '../src/calendar/index.js';

/** The JSON of `getPersistedSnapshot()` for a machine with context `C`. */
export interface PersistedSnapshot<C> {
  status: 'active' | 'done' | 'error' | 'stopped';
  value: string | Record<string, unknown>;
  historyValue: Record<string, unknown>;
  context: C;
  children: Record<string, unknown>;
  output?: unknown;
  error?: unknown;
}

export interface MigrationResult<C> {
  snapshot: PersistedSnapshot<C>;
  note: MachineMigrationNote;
}

/**
 * Version 1 → 2: version 2 tracks when the LA told the safeguarding partners. The state is kept;
 * `partnersInformed` starts empty; a serious-incident case still in `notification` gets the
 * partners-informed clock (counted from the date the LA became aware, as version 2 would have);
 * a case past notification gets no clock (version 1 never asked, so nothing can be shown as late).
 * @example migrateV1toV2(v1Snapshot, deps).snapshot.context.partnersInformed //=> null
 */
export function migrateV1toV2(snapshot: PersistedSnapshot<CaseContextV1>, deps: CaseMachineDeps): MigrationResult<CaseContext> {
  const v1 = snapshot.context;
  const notes: string[] = ['partners.informed tracking added (machine version 2)'];
  let context: CaseContext = { ...v1, partnersInformed: null, machineMigrations: [] };
  if (v1.route === 'serious-incident') {
    if (snapshot.value === 'notification') {
      context = { ...context, clocks: startClocks(context, ['partners-informed'], deps) };
      const started = findClock(context.clocks, 'partners-informed');
      if (started) notes.push(`partners-informed clock started from ${started.startedOn}, due ${started.dueOn}`);
    } else {
      notes.push('no partners-informed clock: the case was past notification when migrated');
    }
  }
  const note: MachineMigrationNote = { fromVersion: 1, toVersion: 2, notes };
  return {
    snapshot: { ...snapshot, context: { ...context, machineMigrations: [note] } },
    note,
  };
}

/** The stage (top-level state) a persisted snapshot is in. */
function stageOf(value: PersistedSnapshot<unknown>['value']): string {
  return typeof value === 'string' ? value : (Object.keys(value)[0] ?? '');
}

/**
 * The day a version-2 case left a clock's stage, read from its own records (migrations are pure
 * and replayable, so never the day of the migration): the rapid review's clocks ended with the
 * first rapid review sent, the partners clock with the Panel's first answer (or that sending);
 * anything else with the closure. `null` when the
 * records do not say (the clock then stays as it was and the note says so).
 */
function stageEndedOn(context: CaseContext, clock: Clock): CalendarDate | null {
  const firstSent = context.rapidReview.submissions[0]?.submittedOn;
  // `partners.informed` is taken until the Panel answers, so that clock's stage ends there.
  if (clock.clockId === 'partners-informed' && context.panelResponses[0]) return context.panelResponses[0].receivedOn;
  const sentEnds = ['partners-informed', 'rapid-review', 'agency-returns', 'rapid-review-meeting', 'partner-sign-off'].includes(
    clock.clockId,
  );
  if (sentEnds && firstSent) return firstSent;
  return context.closure?.on ?? null;
}

/**
 * Version 2 → 3: version 3 lapses a clock when its stage ends without its event. The state and
 * every record are kept; each clock a version-2 case had already left behind (agency returns after
 * the rapid review was sent, anything unmet on a closed case) lapses on the day its stage ended,
 * read from the case's own records, with a reason saying it was lapsed by this migration; and a
 * local review's publication-notice clock lapses (version 3 holds only statutory LCSPRs to it).
 * @example migrateV2toV3(closedV2, deps).snapshot.context.clocks.every(c => c.metOn || c.lapsedOn) //=> true
 */
export function migrateV2toV3(snapshot: PersistedSnapshot<CaseContext>, _deps: CaseMachineDeps): MigrationResult<CaseContext> {
  void _deps;
  const v2 = snapshot.context;
  const stage = stageOf(snapshot.value);
  const notes: string[] = ['clocks lapse when their stage ends (machine version 3)'];
  const clocks = v2.clocks.map((clock) => {
    // Version 3 holds only statutory LCSPRs to the publication notice: a local review's notice clock lapses today's way.
    if (clock.clockId === 'publication-notice' && clock.metOn === undefined && !rapidReviewGoesToPanel(v2)) {
      const on = v2.publication.decision ? londonDateOf(v2.publication.decision.at) : clock.startedOn;
      notes.push(
        `publication-notice (due ${clock.dueOn}) lapsed on ${on}: a local review without a notification has no publication notice`,
      );
      return lapseClock(
        clock,
        on,
        'not needed: a local review without a notification is not held to the publication notice (machine version 3)',
      );
    }
    if (!clockStageEnded(clock, stage, v2.rapidReview.submissions.length)) return clock;
    const on = stageEndedOn(v2, clock);
    if (on === null) {
      notes.push(`${clock.clockId} left open: the records do not say when its stage ended`);
      return clock;
    }
    notes.push(`${clock.clockId} (due ${clock.dueOn}) lapsed on ${on}: its stage had ended before the migration`);
    return lapseClock(clock, on, `stage ended without this step (recorded by the migration to machine version 3, case in ${stage})`);
  });
  const note: MachineMigrationNote = { fromVersion: 2, toVersion: 3, notes };
  return {
    snapshot: { ...snapshot, context: { ...v2, clocks, machineMigrations: [...v2.machineMigrations, note] } },
    note,
  };
}

/**
 * Version 3 → 4: version 4 records the notification criteria and the partners' agreement, the
 * waiver of telling the partners, immediate safety actions, the Panel's requests for more
 * information, dissemination and the NSPCC repository submission, and starts the 6-month clock at
 * the decision to initiate the review. The state, every record and every clock are kept: each new
 * field starts empty ("not recorded": a version-3 case never asked), and an LCSPR already
 * commissioned keeps the clock it started from its commissioning date, with the decision day
 * noted beside it. Every default is listed in the note.
 * @example migrateV3toV4(v3Snapshot, deps).snapshot.context.safetyActions //=> []
 */
export function migrateV3toV4(snapshot: PersistedSnapshot<CaseContext>, _deps: CaseMachineDeps): MigrationResult<CaseContext> {
  void _deps;
  const v3 = snapshot.context;
  const notes: string[] = [
    "machine version 4: notification criteria and partners' agreement not recorded (null)",
    'partners-informed waiver: none (null)',
    'immediate safety actions, Panel requests for more information, dissemination: none recorded ([])',
    'NSPCC repository submission: not recorded (null)',
  ];
  const screening = v3.screening ? { ...v3.screening, abuseOrNeglect: null } : null;
  const decision = v3.rapidReview.decision ? { ...v3.rapidReview.decision, otherReview: null } : null;
  const initiatedOn = v3.localReview.commissionedOn !== null ? decisionToInitiateOn(v3) : null;
  if (v3.localReview.commissionedOn !== null) {
    notes.push(
      `6-month clock kept from the commissioning date ${v3.localReview.commissionedOn} (version 3's start); decision to initiate the review: ${initiatedOn ?? 'not recorded'}`,
    );
  }
  const localReview = {
    ...v3.localReview,
    initiatedOn,
    clockStartsOn: v3.localReview.commissionedOn,
    clockStartReasons:
      v3.localReview.commissionedOn !== null ? 'started at the commissioning date under machine version 3 (kept by the migration)' : null,
  };
  const note: MachineMigrationNote = { fromVersion: 3, toVersion: 4, notes };
  const context: CaseContext = {
    ...v3,
    ...V4_DEFAULTS,
    safetyActions: [],
    panelInformationRequests: [],
    dissemination: [],
    screening,
    rapidReview: { ...v3.rapidReview, decision },
    localReview,
    machineMigrations: [...v3.machineMigrations, note],
  };
  return { snapshot: { ...snapshot, context }, note };
}

/** Each version's migration to the next. */
export const MIGRATIONS: Readonly<Record<number, (snapshot: PersistedSnapshot<never>, deps: CaseMachineDeps) => MigrationResult<unknown>>> =
  {
    1: (snapshot, deps) => migrateV1toV2(snapshot as PersistedSnapshot<CaseContextV1>, deps),
    2: (snapshot, deps) => migrateV2toV3(snapshot as PersistedSnapshot<CaseContext>, deps),
    3: (snapshot, deps) => migrateV3toV4(snapshot as PersistedSnapshot<CaseContext>, deps),
  };
