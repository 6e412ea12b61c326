import { z } from 'zod';

/**
 * The questions a partnership asks agencies, in the four parts of an agency return (an involvement
 * summary, a chronology of contacts, analysis, learning), and how much of the case it shares with
 * the agencies asked. Each partnership may edit its own; until it does, these defaults apply.
 */

const Question = z.string().trim().min(1).max(500);
const Questions = z.array(Question).min(1).max(20);

export const InformationTemplateSchema = z
  .object({
    questions: z
      .object({
        summary: Questions,
        chronology: Questions,
        analysis: Questions,
        learning: Questions,
      })
      .strict(),
    /** What an asked agency sees of the case, to find its records: never names, never the summary. */
    share: z
      .object({
        ageBands: z.boolean(),
        incidentOn: z.boolean(),
        awarenessDates: z.boolean(),
      })
      .strict(),
  })
  .strict();

export type InformationTemplate = z.infer<typeof InformationTemplateSchema>;
export type InformationQuestions = InformationTemplate['questions'];

export const DEFAULT_INFORMATION_TEMPLATE: InformationTemplate = {
  questions: {
    summary: [
      'Summarise your agency’s involvement with the child and family in the period asked about.',
      'Which services did you provide, and who in your agency was involved (by role, not name)?',
    ],
    chronology: ['List each contact with the child or family: the date and what happened, in date order.'],
    analysis: [
      'What went well in your agency’s work with the child and family?',
      'Where could your agency’s practice have been better, and why?',
    ],
    learning: ['What has your agency learned, and what has it already changed or will it change?'],
  },
  share: { ageBands: true, incidentOn: true, awarenessDates: false },
};

export const AGE_BAND_LABELS: Record<string, string> = {
  unborn: 'unborn',
  'under-1': 'under 1',
  '1-4': '1 to 4',
  '5-9': '5 to 9',
  '10-15': '10 to 15',
  '16-17': '16 to 17',
  '18-24': '18 to 24',
};

/**
 * The age band of a child given by age band or by age in years.
 * @example ageBandOf({ ageYears: 0 }) //=> 'under-1'
 * @example ageBandOf({ ageYears: 16 }) //=> '16-17'
 */
export function ageBandOf(child: { ageBand?: string | undefined; ageYears?: number | undefined }): string | null {
  if (child.ageBand) return child.ageBand;
  const years = child.ageYears;
  if (years === undefined) return null;
  if (years < 1) return 'under-1';
  if (years <= 4) return '1-4';
  if (years <= 9) return '5-9';
  if (years <= 15) return '10-15';
  if (years <= 17) return '16-17';
  return '18-24';
}

export interface SharedContext {
  ageBands: string[] | null;
  incidentOn: string | null;
  laAwareOn: string | null;
  partnersAwareOn: string | null;
}

/**
 * What an asked agency is shown of the case: age bands and dates, as far as the partnership shares
 * them. Nothing else of the case data (no names, no area, no summary, no themes) is ever copied.
 */
export function sharedContext(
  caseData: {
    incidentOn: string;
    laAwareOn: string;
    partnersAwareOn: string;
    children: { ageBand?: string | undefined; ageYears?: number | undefined }[];
  },
  share: InformationTemplate['share'],
): SharedContext {
  return {
    ageBands: share.ageBands ? caseData.children.map((child) => ageBandOf(child)).filter((band): band is string => band !== null) : null,
    incidentOn: share.incidentOn ? caseData.incidentOn : null,
    laAwareOn: share.awarenessDates ? caseData.laAwareOn : null,
    partnersAwareOn: share.awarenessDates ? caseData.partnersAwareOn : null,
  };
}
