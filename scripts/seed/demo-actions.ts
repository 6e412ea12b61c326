import type { Principal } from '../../src/access/principal.js';
import { addDays, type CalendarDate } from '../../src/calendar/calendar-date.js';
import type { ActionService } from '../../src/actions/action.service.js';
import type { RecommendationService } from '../../src/actions/recommendation.service.js';

/**
 * The demo action plan (issue 12 item 5): recommendations from the partnership's reviews and its
 * other sources, with actions in every RAG state, each made through the action services so each
 * has a real history. Synthetic text only. Returns how many actions it made.
 *
 * The stories, as they stand on `today`:
 * - red: target passed three weeks ago, progress noted, no evidence yet (overdue);
 * - amber: target in five weeks, a slipping note;
 * - green: target in four months; and a quarterly recurring action noted last month;
 * - complete awaiting the chair's sign-off, with evidence of impact;
 * - complete and signed off, with evidence of impact; and one signed off without evidence yet
 *   (done, but no sign yet that it changed practice).
 */
export async function seedActionPlans(deps: {
  recommendations: RecommendationService;
  actions: ActionService;
  clock: { set(at: string | Date): void };
  partnershipId: string;
  principals: Map<string, Principal>;
  today: CalendarDate;
  /** Cases in their action plan stage (open), whose reviews the recommendations come from. */
  casesInActionPlan: { id: string; source: 'rapid-review' | 'local-review' }[];
}): Promise<number> {
  const p = deps.partnershipId;
  const bu = deps.principals.get(`${p}-business-unit`)!;
  const chair = deps.principals.get(`${p}-chair`)!;
  const org = (suffix: string) => `${p}-${suffix}`;
  const at = (daysAgo: number) => `${addDays(deps.today, -daysAgo)}T10:00:00Z`;
  let made = 0;

  async function recommendation(daysAgo: number, body: Record<string, unknown>): Promise<string> {
    deps.clock.set(at(daysAgo));
    const created = await deps.recommendations.create(bu, body);
    return (created.recommendation as { id: string }).id;
  }

  /** Creates an action, then applies its events in order (each `[daysAgo, as, body]`). */
  async function action(
    recommendationId: string,
    daysAgo: number,
    body: Record<string, unknown>,
    events: [number, Principal, Record<string, unknown>][] = [],
  ) {
    deps.clock.set(at(daysAgo));
    let current = await deps.actions.create(bu, { recommendationId, ...body });
    for (const [ago, as, event] of events) {
      deps.clock.set(at(ago));
      current = await deps.actions.applyEvent(as, current.action.id, event, { ifMatch: current.action.version });
    }
    made += 1;
  }

  const audit = await recommendation(120, {
    source: 'multi-agency-audit',
    priority: 'neglect',
    text: 'Practitioners should use the neglect screening tool at every child protection conference.',
  });
  await action(
    audit,
    110,
    {
      text: 'Train conference chairs in the neglect screening tool.',
      ownerOrganisationId: org('childrens-services'),
      lead: 'Head of Safeguarding (synthetic)',
      targetOn: addDays(deps.today, -21),
      rag: 'green',
    },
    [
      [60, bu, { type: 'action.progress-noted', text: 'Two of five training sessions held; the trainer was ill for the others.' }],
      [30, bu, { type: 'action.rag-changed', rag: 'red', reason: 'Training paused; the target will be missed.' }],
    ],
  );
  await action(
    audit,
    110,
    {
      text: 'Audit twenty conference records for use of the tool.',
      ownerOrganisationId: org('icb'),
      lead: 'Designated Nurse (synthetic)',
      targetOn: addDays(deps.today, 35),
      rag: 'green',
    },
    [
      [14, bu, { type: 'action.progress-noted', text: 'Ten records audited; the rest depend on the training above.' }],
      [14, bu, { type: 'action.rag-changed', rag: 'amber', reason: 'Depends on the delayed training.' }],
    ],
  );

  const section11 = await recommendation(100, {
    source: 'section-11',
    priority: 'safer-recruitment',
    text: 'Every agency should evidence safer recruitment checks in its Section 11 return.',
  });
  await action(
    section11,
    95,
    {
      text: 'Schools submit safer recruitment evidence each quarter.',
      ownerOrganisationId: org('school'),
      lead: 'Designated Safeguarding Lead (synthetic)',
      recurrence: { frequency: 'quarterly', startOn: addDays(deps.today, -95) },
    },
    [[30, bu, { type: 'action.progress-noted', text: 'This quarter’s evidence received from every school.' }]],
  );
  await action(section11, 95, {
    text: 'Publish a safer recruitment checklist for voluntary groups.',
    ownerOrganisationId: org('charity'),
    lead: 'Safeguarding Manager (synthetic)',
    targetOn: addDays(deps.today, 120),
  });

  const scrutiny = await recommendation(200, {
    source: 'independent-scrutiny',
    priority: 'voice-of-the-child',
    text: 'Reviews should record what the child said, in the child’s words, wherever possible.',
  });
  await action(
    scrutiny,
    190,
    {
      text: 'Add a “voice of the child” section to the rapid review template.',
      ownerOrganisationId: org('childrens-services'),
      lead: 'Business Unit Manager (synthetic)',
      targetOn: addDays(deps.today, -60),
    },
    [
      [75, bu, { type: 'action.rag-changed', rag: 'complete', reason: 'Template changed and in use.' }],
      [
        70,
        bu,
        {
          type: 'action.impact-evidenced',
          text: 'All three rapid reviews since record the child’s words.',
          evidencedOn: addDays(deps.today, -70),
        },
      ],
      [65, chair, { type: 'action.signed-off', note: 'Confirmed at the review group.' }],
    ],
  );
  await action(
    scrutiny,
    190,
    {
      text: 'Brief practitioners on recording the child’s voice (7-minute briefing).',
      ownerOrganisationId: org('police'),
      lead: 'Public Protection Inspector (synthetic)',
      targetOn: addDays(deps.today, -30),
    },
    [
      [35, bu, { type: 'action.rag-changed', rag: 'complete', reason: 'Briefing delivered to every team.' }],
      [33, chair, { type: 'action.signed-off' }],
    ],
  );

  // One recommendation from the review of each case now in its action plan, with an action completed and awaiting sign-off on the first.
  for (const [index, linked] of deps.casesInActionPlan.entries()) {
    const fromCase = await recommendation(40, {
      source: linked.source,
      caseId: linked.id,
      priority: index % 2 ? 'domestic-abuse' : 'information-sharing',
      text:
        index % 2
          ? 'Agencies should ask about domestic abuse at every health visit.'
          : 'Agencies should share concerns about a child at the first strategy discussion.',
    });
    await action(
      fromCase,
      38,
      {
        text: 'Agree an information-sharing protocol for strategy discussions.',
        ownerOrganisationId: org('police'),
        lead: 'Detective Sergeant (synthetic)',
        targetOn: addDays(deps.today, 20 + index * 7),
        rag: 'green',
      },
      index === 0
        ? [
            [10, bu, { type: 'action.rag-changed', rag: 'complete', reason: 'Protocol signed by the three partners.' }],
            [
              9,
              bu,
              {
                type: 'action.impact-evidenced',
                text: 'Strategy discussions now record the information each agency shared.',
                evidencedOn: addDays(deps.today, -9),
              },
            ],
          ]
        : [],
    );
  }
  return made;
}
