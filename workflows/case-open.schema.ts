/**
 * What opening a case needs: the route, the dates its clocks start from, and the minimal case data
 * of DOMAIN.md "Data minimisation" (no child's name is required; none is ever needed for the
 * statistics). Every object is strict (unknown keys rejected) and every string is bounded.
 */
import { z } from 'zod';
import { CalendarDateSchema } from '../src/calendar/index.js';
import type { FieldIssue } from '../src/errors/app-errors.js';
import { IdentifierSchema } from './roles.js';
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
    if (c.agencies && new Set(c.agencies).size !== c.agencies.length) {
      ctx.addIssue({ code: 'custom', path: ['agencies'], message: 'each agency at most once' });
    }
    c.children.forEach((child, i) => {
      if (c.route === 'looked-after-death' && !child.legalStatus.includes('looked-after')) {
        ctx.addIssue({ code: 'custom', path: ['children', i, 'legalStatus'], message: 'a looked-after death concerns a looked-after child' });
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
  if (opening.route !== 'care-leaver-death') return [];
  return opening.children.flatMap((child, i) => {
    const under18 = child.ageYears !== undefined ? child.ageYears < 18 : child.ageBand !== undefined && UNDER_18_BANDS.has(child.ageBand);
    if (!under18) return [];
    const path = `children.${i}.${child.ageYears !== undefined ? 'ageYears' : 'ageBand'}`;
    return [{ path, code: 'care-leaver-age', message: 'a care leaver whose death is notified is 18 to 24; a care leaver under 18 is a serious incident (route serious-incident)' }];
  });
}
