import { realClock, type SystemClock } from '../shared/system-clock.js';
import type mongoose from 'mongoose';
import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import { resolveClockRules } from '../calendar/clock-rules.js';
import type { WorkflowDeps } from '../../workflows/case-workflow.js';
import { findPartnership } from './partnership.repository.js';

export interface PartnershipSettings {
  id: string;
  name: string;
  referencePrefix: string;
  reportingYearStartMonth: number;
  /** The partnership's due-soon window in working days, when it sets one (else the service default). */
  dueSoonWorkingDays?: number;
  /** The managed list of case themes, when the partnership keeps one (else free text). */
  themes?: string[];
  /** The calendar and this partnership's clock rules, as the machines need them. */
  workflow: WorkflowDeps;
}

/**
 * Partnership settings for the hot path, cached briefly: every request needs them, and they
 * change rarely (an administrator edits clock overrides). The rule set object stays the same
 * while the settings do, so machines built for it are reused.
 */
export function createPartnershipDirectory(
  connection: mongoose.Connection,
  calendar: HolidayCalendar,
  { ttlMs = 30_000, clock = realClock }: { ttlMs?: number; clock?: SystemClock } = {},
) {
  const cache = new Map<string, { at: number; settings: PartnershipSettings | undefined; overridesJson: string }>();
  return {
    /**
     * Makes a partnership's cached settings stale (an administrator changed them): the next `get`
     * reads them again, keeping the same rule set object if the clock overrides did not change.
     */
    invalidate(partnershipId: string): void {
      const cached = cache.get(partnershipId);
      if (cached) cache.set(partnershipId, { ...cached, at: 0 });
    },
    async get(partnershipId: string): Promise<PartnershipSettings | undefined> {
      const cached = cache.get(partnershipId);
      if (cached && clock.now().getTime() - cached.at < ttlMs) return cached.settings;
      const partnership = await findPartnership(connection, partnershipId);
      const overridesJson = JSON.stringify(partnership?.clockOverrides ?? {});
      const settings =
        cached && cached.overridesJson === overridesJson && cached.settings && partnership
          ? {
              ...withoutDueSoon(cached.settings),
              name: partnership.name,
              referencePrefix: partnership.referencePrefix,
              reportingYearStartMonth: partnership.reportingYearStartMonth,
              ...dueSoonOf(partnership),
              ...themesOf(partnership),
            }
          : partnership && {
              id: partnership.id,
              name: partnership.name,
              referencePrefix: partnership.referencePrefix,
              reportingYearStartMonth: partnership.reportingYearStartMonth,
              ...dueSoonOf(partnership),
              ...themesOf(partnership),
              workflow: { calendar, clockRules: resolveClockRules(partnership.clockOverrides) },
            };
      cache.set(partnershipId, { at: clock.now().getTime(), settings, overridesJson });
      return settings;
    },
  };
}

const dueSoonOf = (partnership: { dueSoonWorkingDays?: number }) =>
  partnership.dueSoonWorkingDays === undefined ? {} : { dueSoonWorkingDays: partnership.dueSoonWorkingDays };

const themesOf = (partnership: { themes?: string[] }) =>
  partnership.themes && partnership.themes.length ? { themes: partnership.themes } : {};

function withoutDueSoon(settings: PartnershipSettings): PartnershipSettings {
  const { dueSoonWorkingDays: _dropped, themes: _themes, ...rest } = settings;
  return rest;
}

export type PartnershipDirectory = ReturnType<typeof createPartnershipDirectory>;
