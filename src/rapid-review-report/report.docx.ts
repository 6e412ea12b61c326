import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { ReportContent } from './report.content.js';

/** Renders the report as a Word document (DOCX) with the `docx` package: headings and paragraphs only. */
export async function renderReportDocx(content: ReportContent): Promise<Buffer> {
  const document = new Document({
    creator: 'Safeguarding review engine',
    title: content.title,
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(content.title)] }),
          new Paragraph({ children: [new TextRun({ text: content.subtitle, italics: true })] }),
          ...content.sections.flatMap((section) => [
            new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(section.heading)] }),
            ...section.paragraphs.map((text) => new Paragraph({ children: [new TextRun(text)] })),
          ]),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
