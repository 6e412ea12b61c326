import type { CalendarDate } from '../../src/calendar/calendar-date.js';
import { addDays } from '../../src/calendar/calendar-date.js';
import type { HolidayCalendar } from '../../src/calendar/bank-holidays.js';
import { addWorkingDays, isWorkingDay } from '../../src/calendar/working-days.js';

/** One step of a seeded case: who sends what, N working days after the LA became aware. */
export interface SeedStep {
  day: number;
  as: string;
  body: Record<string, unknown>;
}

export interface SeedCase {
  laAwareOn: CalendarDate;
  opening: Record<string, unknown>;
  openedBy: string;
  /** Each step with the instant it happened. */
  steps: (SeedStep & { at: string })[];
}

/** The seeded users and organisations of a partnership (ids as scripts/seed/tenant.ts makes them). */
function usersOf(p: string) {
  return {
    chair: `${p}-chair`,
    bu: `${p}-business-unit`,
    la: `${p}-lead-la`,
    police: `${p}-lead-police`,
    health: `${p}-lead-health`,
    reviewer: `${p}-reviewer`,
    school: `${p}-agency-school`,
    policeAgency: `${p}-agency-police`,
    yjs: `${p}-agency-yjs`,
  };
}

/** The partnership being seeded: set by {@link demoCases} before it builds any step (the builders are synchronous). */
let P = 'demo';
let U = usersOf(P);
const org = (suffix: string) => `${P}-${suffix}`;

const SEXES = ['female', 'male'] as const;
const AGE_BANDS = ['under-1', '1-4', '5-9', '10-15', '16-17'] as const;
const THEMES = [
  ['neglect'],
  ['domestic abuse', 'parental substance misuse'],
  ['neglect', 'parental mental health'],
  ['domestic abuse'],
  ['child criminal exploitation'],
  [],
];

type Variant = {
  lateSin?: boolean;
  lateRapidReview?: boolean;
  localReview?: boolean;
  challenged?: boolean;
  withdrawn?: boolean;
  paused?: boolean;
  deferred?: boolean;
};

/** The rapid review, from information requests to submission (and the Panel's answer). */
function rapidReview(start: number, variant: Variant, withPanel: boolean): SeedStep[] {
  const d = start;
  const decide = (day: number, localReview: boolean): SeedStep => ({
    day,
    as: U.chair,
    body: {
      type: 'rapid-review.decided',
      localReview,
      nationalReviewSuggested: false,
      criteriaMet: localReview ? ['improvements-needed', 'multi-agency-working'] : [],
      reasons: localReview
        ? 'Learning about multi-agency working that a local review should draw out.'
        : 'Learning is captured by the rapid review and its actions.',
    },
  });
  const signOffs = (day: number): SeedStep[] =>
    (
      [
        [U.la, 'local-authority'],
        [U.police, 'police'],
        [U.health, 'health'],
      ] as const
    ).map(([as, partner]) => ({ day, as, body: { type: 'rapid-review.signed-off', partner } }));
  const submitDay = variant.lateRapidReview ? d + 17 : d + 14;
  const steps: SeedStep[] = [
    { day: d + 1, as: U.bu, body: { type: 'agency-information.requested', agencies: [org('police'), org('school')] } },
    { day: d + 8, as: U.policeAgency, body: { type: 'agency-information.returned', agency: org('police') } },
    { day: d + 9, as: U.school, body: { type: 'agency-information.returned', agency: org('school') } },
    { day: d + 11, as: U.bu, body: { type: 'rapid-review.meeting-held', heldOn: '@' } },
    decide(d + 11, variant.localReview ?? false),
    ...signOffs(d + 13),
    { day: submitDay, as: U.bu, body: { type: 'rapid-review.submitted', submittedOn: '@' } },
  ];
  if (!withPanel) return steps;
  if (variant.challenged) {
    steps.push(
      {
        day: submitDay + 8,
        as: U.bu,
        body: { type: 'panel.responded', response: 'challenged', comments: 'The Panel asks the partners to reconsider a local review.' },
      },
      decide(submitDay + 10, true),
      ...signOffs(submitDay + 11),
      { day: submitDay + 12, as: U.bu, body: { type: 'rapid-review.submitted', submittedOn: '@' } },
      {
        day: submitDay + 20,
        as: U.bu,
        body: { type: 'panel.responded', response: 'agreed', comments: 'The Panel agrees with the revised decision.' },
      },
    );
  } else {
    steps.push({
      day: submitDay + 9,
      as: U.bu,
      body: { type: 'panel.responded', response: 'agreed', comments: 'The Panel agrees with the partners.' },
    });
  }
  return steps;
}

/** The LCSPR, publication and action plan, from the decision to commission to closure. */
function localReviewToClosure(start: number, variant: Variant): SeedStep[] {
  const d = start;
  const steps: SeedStep[] = [
    { day: d, as: U.chair, body: { type: 'local-review.commissioned', commissionedOn: '@' } },
    { day: d + 8, as: U.chair, body: { type: 'reviewer.appointed', reviewerId: U.reviewer } },
    { day: d + 15, as: U.chair, body: { type: 'terms-of-reference.agreed' } },
    { day: d + 40, as: U.bu, body: { type: 'local-review.monitored', notes: 'Reviewer reports good engagement from agencies; on track.' } },
  ];
  let t = d + 41;
  if (variant.paused) {
    steps.push(
      {
        day: t,
        as: U.chair,
        body: {
          type: 'local-review.paused',
          process: 'criminal-trial',
          expectedEndOn: '@+40',
          reasons: 'Criminal proceedings: the police asked for a pause until the trial ends.',
        },
      },
      { day: t + 40, as: U.chair, body: { type: 'local-review.resumed' } },
    );
    t += 41;
  }
  steps.push(
    { day: t + 45, as: U.reviewer, body: { type: 'draft.received' } },
    { day: t + 50, as: U.chair, body: { type: 'draft.quality-assured' } },
    ...(
      [
        [U.la, 'local-authority'],
        [U.police, 'police'],
        [U.health, 'health'],
      ] as const
    ).map(([as, partner]) => ({
      day: t + 55,
      as,
      body: { type: 'local-review.signed-off', partner },
    })),
    { day: t + 56, as: U.chair, body: { type: 'publication.decided', form: 'full', plannedOn: '@+10' } },
    {
      day: t + 57,
      as: U.bu,
      body: { type: 'publication.notice-sent', sentOn: '@', recipients: ['panel', 'secretary-of-state', 'ofsted', 'nspcc'] },
    },
  );
  t += 57;
  if (variant.deferred) {
    steps.push(
      {
        day: t + 5,
        as: U.chair,
        body: { type: 'publication.deferred', reasons: 'Publication deferred until the inquest concludes.', reviewOn: '@+30' },
      },
      { day: t + 30, as: U.chair, body: { type: 'publication.decided', form: 'full', plannedOn: '@+10' } },
    );
    t += 30;
  }
  steps.push(
    {
      day: t + 10,
      as: U.bu,
      body: { type: 'report.published', publishedOn: '@', address: 'https://scp.example.org/reviews/published-review' },
    },
    ...closure(t + 20),
  );
  return steps;
}

function closure(start: number): SeedStep[] {
  return [
    { day: start, as: U.chair, body: { type: 'learning.completed' } },
    { day: start + 40, as: U.chair, body: { type: 'action-plan.completed' } },
    {
      day: start + 41,
      as: U.bu,
      body: { type: 'case.closed', reasons: 'Actions complete and learning shared through the partnership’s briefings.' },
    },
  ];
}

function notification(variant: Variant): SeedStep[] {
  return [
    { day: 1, as: U.bu, body: { type: 'partners.informed', informedOn: '@' } },
    { day: variant.lateSin ? 7 : 3, as: U.bu, body: { type: 'sin.submitted', submittedOn: '@' } },
  ];
}

function seriousIncident(variant: Variant): SeedStep[] {
  if (variant.withdrawn) {
    return [
      ...notification(variant),
      {
        day: 6,
        as: U.chair,
        body: { type: 'sin.withdrawn', reasons: 'Further information showed the criteria for a notification were not met.' },
      },
    ];
  }
  const rr = rapidReview(2, variant, true);
  const lastDay = rr.at(-1)!.day;
  const local = variant.localReview || variant.challenged;
  return [...notification(variant), ...rr, ...(local ? localReviewToClosure(lastDay + 5, variant) : closure(lastDay + 15))];
}

function referral(outcome: string, anyVariant: Variant): SeedStep[] {
  // A referral's rapid review ends in the action plan here; LCSPRs come from the SIN route.
  const variant = { ...anyVariant, localReview: false, challenged: false };
  const screened = (body: Record<string, unknown>): SeedStep => ({ day: 4, as: U.chair, body: { type: 'referral.screened', ...body } });
  switch (outcome) {
    case 'notify':
      return [
        screened({ outcome: 'notify', reasons: 'Serious harm and neglect suspected: notify the Panel.' }),
        { day: 5, as: U.bu, body: { type: 'sin.submitted', submittedOn: '@' } },
        ...rapidReview(6, variant, true),
        ...closure(40),
      ];
    case 'local-rapid-review':
      return [
        screened({
          outcome: 'local-rapid-review',
          reasons: 'A near miss with multi-agency learning: a local rapid review without a notification.',
        }),
        ...rapidReview(5, variant, false),
        ...closure(35),
      ];
    case 'alternative-learning':
      return [
        screened({
          outcome: 'alternative-learning',
          learningType: 'what-works-well-review',
          reasons: 'Good practice worth sharing across the partnership.',
        }),
        { day: 40, as: U.chair, body: { type: 'learning.completed' } },
        ...closure(60).slice(1),
      ];
    case 'refer-elsewhere':
      return [
        screened({
          outcome: 'refer-elsewhere',
          process: 'domestic-homicide-review',
          reasons: 'The Community Safety Partnership leads a domestic homicide review.',
        }),
      ];
    default:
      return [screened({ outcome: 'no-further-action', reasons: 'Single-agency learning already in hand; no multi-agency learning.' })];
  }
}

/** A death notified to the Secretary of State and Ofsted, then screened by the chair. */
function childDeath(): SeedStep[] {
  return [
    { day: 3, as: U.bu, body: { type: 'sin.submitted', submittedOn: '@' } },
    {
      day: 8,
      as: U.chair,
      body: {
        type: 'referral.screened',
        outcome: 'no-further-action',
        reasons: 'No abuse or neglect suspected; the child death review process continues.',
        abuseOrNeglect: 'not-suspected',
      },
    },
  ];
}

function supporting(): SeedStep[] {
  return [
    { day: 2, as: U.bu, body: { type: 'agency-information.requested', agencies: [org('police')] } },
    { day: 9, as: U.policeAgency, body: { type: 'agency-information.returned', agency: org('police') } },
    { day: 30, as: U.bu, body: { type: 'local-review.monitored', notes: 'Attended the lead partnership’s review panel.' } },
    { day: 90, as: U.chair, body: { type: 'learning.completed' } },
    ...closure(120).slice(1),
  ];
}

/**
 * A realistic year for the demo partnership: about four cases a month across every route, each
 * advanced as far as its age allows, with some late clocks, a challenge, a withdrawal, a pause
 * and a deferral. Deterministic for a given `today`.
 */
export function demoCases(
  today: CalendarDate,
  calendar: HolidayCalendar,
  options: { partnershipId?: string; count?: number; offsetDays?: number } = {},
): SeedCase[] {
  P = options.partnershipId ?? 'demo';
  U = usersOf(P);
  const count = options.count ?? 48;
  const plans: { route: string; steps: (v: Variant) => SeedStep[]; variant: Variant; extra?: Record<string, unknown>; by?: string }[] = [];
  const referralOutcomes = ['notify', 'local-rapid-review', 'alternative-learning', 'refer-elsewhere', 'no-further-action'];
  for (let i = 0; i < count; i++) {
    const variant: Variant = {
      lateSin: i % 7 === 3,
      lateRapidReview: i % 6 === 2,
      localReview: i % 3 === 0,
      challenged: i === 13,
      withdrawn: i === 9,
      paused: i === 6,
      deferred: i === 3,
    };
    const slot = i % 12;
    if (slot < 5) plans.push({ route: 'serious-incident', steps: seriousIncident, variant });
    else if (slot < 8) {
      const outcome = referralOutcomes[(i + slot) % referralOutcomes.length]!;
      plans.push({
        route: 'referral',
        steps: (v) => referral(outcome, v),
        variant,
        extra: { referringOrganisationId: i % 2 ? org('school') : org('police') },
        by: i % 2 ? U.school : U.policeAgency,
      });
    } else if (slot === 8) plans.push({ route: 'looked-after-death', steps: childDeath, variant });
    else if (slot === 9) {
      // Notified and screened like every other case: an unscreened death or incident would sit overdue for months.
      plans.push(
        i % 2
          ? { route: 'care-leaver-death', steps: childDeath, variant }
          : {
              route: 'youth-justice-incident',
              steps: (v) => referral('no-further-action', v),
              variant,
              extra: { referringOrganisationId: org('yjs') },
              by: U.yjs,
            },
      );
    } else if (slot === 10)
      plans.push({
        route: 'out-of-area',
        steps: supporting,
        variant,
        extra: { leadPartnership: 'Neighbouring Safeguarding Children Partnership (synthetic)' },
      });
    else plans.push({ route: 'national-review', steps: supporting, variant });
  }

  return plans.map((plan, i) => {
    let laAwareOn = addDays(today, -(350 - i * 7 - (options.offsetDays ?? 0)));
    while (!isWorkingDay(laAwareOn, calendar)) laAwareOn = addDays(laAwareOn, 1);
    const legalStatus =
      plan.route === 'looked-after-death'
        ? ['looked-after']
        : plan.route === 'care-leaver-death'
          ? ['care-leaver']
          : i % 4 === 0
            ? ['child-protection-plan']
            : i % 4 === 1
              ? ['child-in-need']
              : [];
    const opening = {
      route: plan.route,
      incidentOn: addDays(laAwareOn, -(i % 3)),
      laAwareOn,
      children: [
        {
          ageBand: plan.route === 'care-leaver-death' ? '18-24' : AGE_BANDS[i % AGE_BANDS.length],
          sex: SEXES[i % 2],
          legalStatus,
        },
      ],
      laArea: P === 'demo' ? 'Demoshire' : `${P[0]!.toUpperCase()}${P.slice(1)}shire`,
      agencies: [org('police'), org('school'), org('icb')],
      themes: THEMES[i % THEMES.length],
      ...(plan.extra ?? {}),
    };
    const steps = plan
      .steps(plan.variant)
      .map((step) => ({ ...step, date: addWorkingDays(laAwareOn, step.day, calendar) }))
      .filter((step) => step.date < today)
      .map(({ date, ...step }) => ({ ...step, at: instantOn(date), body: resolveDates(step.body, date, calendar) }));
    return { laAwareOn, opening, openedBy: plan.by ?? U.bu, steps };
  });
}

/** '@' is the step's own date; '@+N' is N working days after it. */
function resolveDates(body: Record<string, unknown>, date: CalendarDate, calendar: HolidayCalendar): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => {
      if (value === '@') return [key, date];
      if (typeof value === 'string' && value.startsWith('@+')) return [key, addWorkingDays(date, Number(value.slice(2)), calendar)];
      return [key, value];
    }),
  );
}

/** Every seeded event happens on its day at 10:00 in England (09:00 or 10:00 UTC). */
export function instantOn(date: CalendarDate): string {
  return `${date}T10:00:00Z`;
}
