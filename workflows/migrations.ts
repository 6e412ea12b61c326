/**
 * Explicit migrations between machine versions of a persisted snapshot. A migration is pure,
 * keeps the state the case is in, fills what the newer version records, and says what it did
 * (the notes go into the case's history and into its context's `machineMigrations`).
 */
import type { CaseContext, CaseContextV1, CaseMachineDeps, MachineMigrationNote } from './case-context.js';
import { findClock, startClocks } from './case-clocks.js';

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

/** Each version's migration to the next. */
export const MIGRATIONS: Readonly<Record<number, (snapshot: PersistedSnapshot<never>, deps: CaseMachineDeps) => MigrationResult<unknown>>> = {
  1: (snapshot, deps) => migrateV1toV2(snapshot as PersistedSnapshot<CaseContextV1>, deps),
};
