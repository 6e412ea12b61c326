/**
 * The yearly report as a Word document (DOCX, with the `docx` package): the narrative sections,
 * the figures with last year beside this year, and each review with its recommendations, their
 * actions and evidence of impact. Built from the same document model as the page.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { YearlyReport } from '../../reports/yearly-report.service.js';
import { NARRATIVE_SECTIONS, type YearlyReportNarrative } from '../../reports/yearly-report-narrative.js';
import { formatDate, formatInstant } from '../labels.js';
import type { FigureSection } from './report-document.js';
import { reviewKindLabel, disseminationLabel } from './report-words.js';

export interface ReportDocxInput {
  partnershipName: string;
  report: YearlyReport;
  narrative: YearlyReportNarrative;
  sections: FigureSection[];
}

const cell = (text: string, options: { bold?: boolean; right?: boolean } = {}) =>
  new TableCell({
    children: [
      new Paragraph({
        alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, bold: options.bold ?? false })],
      }),
    ],
  });

function figureTable(section: FigureSection, year: number): Table {
  const header = new TableRow({
    tableHeader: true,
    children: [
      cell('Figure', { bold: true }),
      cell(`${year} to ${year + 1}`, { bold: true, right: true }),
      cell(`${year - 1} to ${year}`, { bold: true, right: true }),
    ],
  });
  const rows = section.lines.map(
    (line) =>
      new TableRow({
        children: [
          cell(line.label),
          cell(String(line.thisYear), { right: true }),
          cell(line.lastYear === null ? 'not reported' : String(line.lastYear), { right: true }),
        ],
      }),
  );
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] });
}

const paragraphs = (text: string) =>
  text.split(/\n{2,}/).map((part) => new Paragraph({ children: [new TextRun(part.replace(/\s*\n\s*/g, ' '))] }));

/** The report as DOCX bytes. */
export async function yearlyReportDocx(input: ReportDocxInput): Promise<Buffer> {
  const { report, narrative } = input;
  const year = report.year;
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      children: [new TextRun(`${input.partnershipName}: yearly report ${year} to ${year + 1}`)],
    }),
    new Paragraph({
      children: [
        new TextRun(
          `Reporting year ${formatDate(report.period.from)} to ${formatDate(report.period.to)}. Figures count what happened in the year, by the date it happened, as recorded at ${formatInstant(report.asRecordedAt)}.`,
        ),
      ],
    }),
  ];
  if (report.publication) {
    children.push(
      new Paragraph({
        children: [new TextRun(`Approved by ${report.publication.approvedBy} on ${formatDate(report.publication.approvedOn)}.`)],
      }),
    );
  }
  for (const section of NARRATIVE_SECTIONS) {
    const text = narrative.sections[section.key].trim();
    if (!text) continue;
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(section.title)] }), ...paragraphs(text));
  }
  children.push(
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('The year in figures, with last year beside it')] }),
  );
  for (const section of input.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(section.caption)] }), figureTable(section, year));
  }
  children.push(
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Our reviews and what changed because of them')] }),
  );
  if (report.reviews.length === 0) children.push(new Paragraph({ children: [new TextRun('No reviews this year.')] }));
  for (const review of report.reviews) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        children: [new TextRun(`${review.case.reference}: ${reviewKindLabel(review.kind)}`)],
      }),
    );
    if (review.publishedOn) children.push(new Paragraph({ children: [new TextRun(`Published on ${formatDate(review.publishedOn)}.`)] }));
    if (review.repositorySubmittedOn)
      children.push(
        new Paragraph({
          children: [new TextRun(`Sent to the NSPCC national case review repository on ${formatDate(review.repositorySubmittedOn)}.`)],
        }),
      );
    if (review.recommendations.length === 0) children.push(new Paragraph({ children: [new TextRun('No recommendations recorded yet.')] }));
    for (const recommendation of review.recommendations) {
      children.push(
        new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(`Recommendation ${recommendation.reference}`)] }),
        new Paragraph({ children: [new TextRun(recommendation.text)] }),
      );
      for (const action of recommendation.actions) {
        children.push(
          new Paragraph({
            bullet: { level: 0 },
            children: [
              new TextRun({ text: `${action.reference} (${action.status}${action.rag ? `, ${action.rag}` : ''}): `, bold: true }),
              new TextRun(action.text),
            ],
          }),
        );
        const evidence = action.impactEvidence.length
          ? action.impactEvidence.map((item) => `${formatDate(item.evidencedOn)}: ${item.text}`).join(' ')
          : 'No evidence of impact yet.';
        children.push(new Paragraph({ bullet: { level: 1 }, children: [new TextRun(`Evidence of impact: ${evidence}`)] }));
      }
    }
    for (const spread of review.dissemination) {
      children.push(
        new Paragraph({
          bullet: { level: 0 },
          children: [
            new TextRun(
              `${disseminationLabel(spread.kind)} on ${formatDate(spread.disseminatedOn)} for ${spread.audience}: ${spread.reach} people reached.`,
            ),
          ],
        }),
      );
    }
  }
  const document = new Document({
    creator: input.partnershipName,
    title: `Yearly report ${year} to ${year + 1}`,
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
