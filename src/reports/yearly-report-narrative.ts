/**
 * The yearly report's narrative: the sections the business unit writes about what the partnership
 * did in the year and how well it worked (a partnership publishes a narrative report, not a data
 * appendix). One record per partnership and year; each save keeps who saved it and when.
 */
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { z } from 'zod';

/** The sections, in the order the report prints them. */
export const NARRATIVE_SECTIONS = [
  { key: 'introduction', title: 'Introduction from the independent chair' },
  { key: 'whatWeDid', title: 'What we did this year' },
  { key: 'howWellItWorked', title: 'How well it worked: the difference our learning made' },
  { key: 'priorities', title: 'Our priorities for next year' },
] as const;
export type NarrativeSectionKey = (typeof NARRATIVE_SECTIONS)[number]['key'];

const SectionText = z.string().trim().max(20_000);
/** What a save sends: every section's text (an empty one is left out of the report). */
export const NarrativeSectionsSchema = z
  .object(Object.fromEntries(NARRATIVE_SECTIONS.map((s) => [s.key, SectionText])) as Record<NarrativeSectionKey, typeof SectionText>)
  .strict();
export type NarrativeSections = z.infer<typeof NarrativeSectionsSchema>;

export interface YearlyReportNarrative {
  sections: NarrativeSections;
  savedBy: string | null;
  savedAt: string | null;
}

interface NarrativeRecord {
  _id: string;
  partnershipId: string;
  year: number;
  sections: NarrativeSections;
  savedBy: string;
  savedAt: Date;
}

const NarrativeSchema = new Schema<NarrativeRecord>(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    year: { type: Number, required: true },
    sections: { type: Schema.Types.Mixed, required: true },
    savedBy: { type: String, required: true },
    savedAt: { type: Date, required: true },
  },
  { collection: 'yearly_report_narratives', strict: 'throw', versionKey: false, minimize: false, id: false },
);

export const emptyNarrative = (): YearlyReportNarrative => ({
  sections: Object.fromEntries(NARRATIVE_SECTIONS.map((s) => [s.key, ''])) as NarrativeSections,
  savedBy: null,
  savedAt: null,
});

export function createYearlyReportNarratives(connection: mongoose.Connection) {
  const Narrative = (connection.models['YearlyReportNarrative'] ??
    connection.model('YearlyReportNarrative', NarrativeSchema)) as mongoose.Model<NarrativeRecord>;
  return {
    async find(partnershipId: string, year: number): Promise<YearlyReportNarrative> {
      const record = await Narrative.findOne({ _id: `${partnershipId}:${year}`, partnershipId })
        .lean<NarrativeRecord>()
        .exec();
      if (!record) return emptyNarrative();
      return {
        sections: { ...emptyNarrative().sections, ...record.sections },
        savedBy: record.savedBy,
        savedAt: record.savedAt.toISOString(),
      };
    },
    async save(partnershipId: string, year: number, sections: NarrativeSections, savedBy: string, savedAt: Date): Promise<void> {
      await Narrative.updateOne(
        { _id: `${partnershipId}:${year}`, partnershipId },
        { $set: { partnershipId, year, sections, savedBy, savedAt } },
        { upsert: true },
      ).exec();
    },
  };
}

export type YearlyReportNarratives = ReturnType<typeof createYearlyReportNarratives>;
