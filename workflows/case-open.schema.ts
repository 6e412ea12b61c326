/**
 * What opening a case needs: the route, the dates its clocks start from, and the minimal case data
 * of DOMAIN.md "Data minimisation" (no child's name is required; none is ever needed for the
 * statistics). Every object is strict (unknown keys rejected) and every string is bounded.
 */
import { z } from 'zod';
import { CalendarDateSchema } from '../src/calendar/index.js';
import type { FieldIssue } from '../src/errors/app-errors.js';
import { IdentifierSchema, PARTNERS, PartnerSchema } from './roles.js';
import { RouteSchema } from './statutory-routes.js';

export const AGE_BANDS = ['unborn', 'under-1', '1-4', '5-9', '10-15', '16-17', '18-24'] as const;
export const SEXES = ['female', 'male', 'not-known', 'not-recorded'] as const;
export const DISABILITY = ['yes', 'no', 'not-known'] as const;
export const LEGAL_STATUSES = ['looked-after', 'child-protection-plan', 'child-in-need', 'care-leaver'] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

/** A short free-text label (an LA area, an ethnicity category, a theme). */
export const LabelSchema = z.string().trim().min(1).max(100);

export const ChildSchema = z
  .object({
    ageBand: z.enum(AGE_BANDS).optional(),
    ageYears: z.number().int().min(0).max(24).optional(),
    sex: z.enum(SEXES),
    ethnicity: LabelSchema.optional(),
    disability: z.enum(DISABILITY).optional(),
    legalStatus: z.array(z.enum(LEGAL_STATUSES)).max(LEGAL_STATUSES.length),
    /** Optional and never needed: leave it out unless the partnership's own records need it. */
    name: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .superRefine((child, ctx) => {
    if (child.ageBand === undefined && child.ageYears === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ageBand'], message: 'give ageBand or ageYears' });
    }
    if (new Set(child.legalStatus).size !== child.legalStatus.length) {
      ctx.addIssue({ code: 'custom', path: ['legalStatus'], message: 'each legal status at most once' });
    }
  });
export type Child = z.infer<typeof ChildSchema>;

/** The criteria for notifying the Panel (Children Act 2004 s16C; DOMAIN.md "Notification"). */
export const HARMS = ['death', 'serious-harm'] as const;
export const ABUSE_OR_NEGLECT = ['known', 'suspected', 'not-suspected'] as const;
export type AbuseOrNeglect = (typeof ABUSE_OR_NEGLECT)[number];
export const INCIDENT_LOCATIONS = ['in-area', 'outside-england-normally-resident'] as const;

/**
 * What was known when the case was notified: death or serious harm; abuse or neglect known or
 * suspected (or not); where it happened (in the area, or outside England while the child normally
 * lives here).
 */
export const NotificationCriteriaSchema = z
  .object({
    harm: z.enum(HARMS),
    abuseOrNeglect: z.enum(ABUSE_OR_NEGLECT),
    location: z.enum(INCIDENT_LOCATIONS),
  })
  .strict();
export type NotificationCriteria = z.infer<typeof NotificationCriteriaSchema>;

/**
 * The three safeguarding partners' agreement that the incident is notified (Working Together 2023:
 * the LA notifies on behalf of all three, who agree which incidents are notified). Each partner
 * once; a partner who dissents gives reasons.
 */
export const PartnersAgreementSchema = z
  .object({
    agreedOn: CalendarDateSchema,
    partners: z
      .array(
        z
          .object({
            partner: PartnerSchema,
            agrees: z.boolean(),
            reasons: z.string().trim().min(1).max(2000).optional(),
          })
          .strict(),
      )
      .length(PARTNERS.length),
  })
  .strict()
  .superRefine((a, ctx) => {
    const named = new Set(a.partners.map((p) => p.partner));
    if (named.size !== PARTNERS.length) ctx.addIssue({ code: 'custom', path: ['partners'], message: 'each of the three partners once' });
    a.partners.forEach((p, i) => {
      if (!p.agrees && p.reasons === undefined)
        ctx.addIssue({ code: 'custom', path: ['partners', i, 'reasons'], message: 'a partner who dissents gives reasons' });
    });
  });
export type PartnersAgreement = z.infer<typeof PartnersAgreementSchema>;

export const OpenCaseSchema = z
  .object({
    route: RouteSchema,
    /** The date of the incident (the death or serious harm), as best known. */
    incidentOn: CalendarDateSchema,
    /** The date the local authority became aware: the notification clocks and the edition start here. */
    laAwareOn: CalendarDateSchema,
    /** The date the safeguarding partners became aware (the rapid review clocks); defaults to `laAwareOn`. */
    partnersAwareOn: CalendarDateSchema.optional(),
    children: z.array(ChildSchema).min(1).max(20),
    /** The LA area where the incident happened (which leads). */
    laArea: LabelSchema,
    /** The LA area where the child normally lives, when different. */
    residentLaArea: LabelSchema.optional(),
    /** Organisation ids of the agencies involved. */
    agencies: z.array(IdentifierSchema).max(50).optional(),
    /** The referring organisation (required on the referral and youth-justice routes). */
    referringOrganisationId: IdentifierSchema.optional(),
    /** Why the agency refers the case (the referral and youth-justice routes): what the chair screens. */
    referralReason: z.string().trim().min(1).max(2000).optional(),
    /** For an out-of-area case: the partnership that leads. */
    leadPartnership: LabelSchema.optional(),
    themes: z.array(LabelSchema).max(20).optional(),
    /** The notification criteria as known at opening (machine version 4 keeps them; see NotificationCriteriaSchema). */
    notificationCriteria: NotificationCriteriaSchema.optional(),
    /** The three partners' agreement that the incident is notified (notifying routes only). */
    partnersAgreement: PartnersAgreementSchema.optional(),
    /** A short factual summary; no names. */
    summary: z.string().trim().max(1000).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.incidentOn > c.laAwareOn) {
      ctx.addIssue({ code: 'custom', path: ['laAwareOn'], message: 'the LA cannot become aware before the incident' });
    }
    if (c.partnersAwareOn !== undefined && c.partnersAwareOn < c.incidentOn) {
      ctx.addIssue({ code: 'custom', path: ['partnersAwareOn'], message: 'the partners cannot become aware before the incident' });
    }
    if ((c.route === 'referral' || c.route === 'youth-justice-incident') && c.referringOrganisationId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['referringOrganisationId'], message: `a ${c.route} case names the referring organisation` });
    }
    if (c.route === 'out-of-area' && c.leadPartnership === undefined) {
      ctx.addIssue({ code: 'custom', path: ['leadPartnership'], message: 'an out-of-area case names the partnership that leads' });
    }
    if (c.partnersAgreement && c.partnersAgreement.agreedOn < c.incidentOn) {
      ctx.addIssue({ code: 'custom', path: ['partnersAgreement', 'agreedOn'], message: 'the partners cannot agree before the incident' });
    }
    if (c.agencies && new Set(c.agencies).size !== c.agencies.length) {
      ctx.addIssue({ code: 'custom', path: ['agencies'], message: 'each agency at most once' });
    }
    c.children.forEach((child, i) => {
      if (c.route === 'looked-after-death' && !child.legalStatus.includes('looked-after')) {
        ctx.addIssue({
          code: 'custom',
          path: ['children', i, 'legalStatus'],
          message: 'a looked-after death concerns a looked-after child',
        });
      }
      if (c.route === 'care-leaver-death' && !child.legalStatus.includes('care-leaver')) {
        ctx.addIssue({ code: 'custom', path: ['children', i, 'legalStatus'], message: 'a care-leaver death concerns a care leaver' });
      }
    });
  });

/** The request body for opening a case (before defaults). */
export type OpenCaseInput = z.input<typeof OpenCaseSchema>;
/** A validated case opening. */
export type OpenCase = z.infer<typeof OpenCaseSchema>;

/** The age bands of a child under 18. */
const UNDER_18_BANDS: ReadonlySet<string> = new Set<(typeof AGE_BANDS)[number]>(['unborn', 'under-1', '1-4', '5-9', '10-15', '16-17']);

/**
 * Rules a case opened today must meet, beyond {@link OpenCaseSchema}. Kept apart from the schema
 * because replaying a stored case re-opens it through the schema, and a case opened before a rule
 * existed must still replay. Working Together 2023: a care leaver whose death is notified is 18 to
 * 24; a care leaver under 18 harmed by suspected abuse or neglect is a serious incident.
 * @example newOpeningIssues({ ...opening, route: 'care-leaver-death', children: [{ ...child, ageBand: '16-17' }] }).length //=> 1
 */
export function newOpeningIssues(opening: OpenCase): FieldIssue[] {
  return [...careLeaverAgeIssues(opening), ...notificationCriteriaIssues(opening)];
}

function careLeaverAgeIssues(opening: OpenCase): FieldIssue[] {
  if (opening.route !== 'care-leaver-death') return [];
  return opening.children.flatMap((child, i) => {
    const under18 = child.ageYears !== undefined ? child.ageYears < 18 : child.ageBand !== undefined && UNDER_18_BANDS.has(child.ageBand);
    if (!under18) return [];
    const path = `children.${i}.${child.ageYears !== undefined ? 'ageYears' : 'ageBand'}`;
    return [
      {
        path,
        code: 'care-leaver-age',
        message: 'a care leaver whose death is notified is 18 to 24; a care leaver under 18 is a serious incident (route serious-incident)',
      },
    ];
  });
}

/** Routes on which the LA notifies when the case opens (the partners' agreement belongs to them). */
const NOTIFYING_ROUTES: ReadonlySet<string> = new Set(['serious-incident', 'looked-after-death', 'care-leaver-death']);

/**
 * A serious incident is notified only when abuse or neglect is known or suspected, and the
 * partners' agreement to notify belongs to a route that notifies on opening.
 * @example notificationCriteriaIssues({ ...si, notificationCriteria: { harm: 'death', abuseOrNeglect: 'not-suspected', location: 'in-area' } }).length //=> 1
 */
function notificationCriteriaIssues(opening: OpenCase): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (opening.route === 'serious-incident' && opening.notificationCriteria?.abuseOrNeglect === 'not-suspected') {
    issues.push({
      path: 'notificationCriteria.abuseOrNeglect',
      code: 'sin-needs-abuse-or-neglect',
      message: 'a serious incident is notified when abuse or neglect is known or suspected; otherwise refer the case (route referral)',
    });
  }
  if (opening.partnersAgreement !== undefined && !NOTIFYING_ROUTES.has(opening.route)) {
    issues.push({
      path: 'partnersAgreement',
      code: 'agreement-only-when-notified',
      message: `a ${opening.route} case is not notified when it opens, so there is no agreement to notify`,
    });
  }
  return issues;
}
