import type { InformationRequestRecord, ReturnAnswer } from './information.model.js';

/** Who is looking: the asked agency itself, or the business unit, chair or an admin. */
export type RequestAudience = 'agency' | 'staff';

function answerView(answer: ReturnAnswer) {
  return {
    summary: answer.summary,
    chronology: answer.chronology.map(({ on, contact }) => ({ on, contact })),
    analysis: answer.analysis,
    learning: answer.learning,
    documentIds: [...answer.documentIds],
  };
}

/**
 * A request as its audience may see it. The agency sees its own request, its draft and its
 * versions; the staff see a return once it is submitted (a draft is the agency's working copy).
 * Neither view names any other agency.
 */
export function requestView(record: InformationRequestRecord, organisationName: string, audience: RequestAudience) {
  const showAnswer = record.answer !== null && (audience === 'agency' || record.status === 'submitted');
  return {
    id: record._id,
    caseId: record.caseId,
    reference: record.reference,
    organisation: { id: record.organisationId, name: organisationName },
    requestedOn: record.requestedOn,
    dueOn: record.dueOn,
    questions: record.questions,
    context: record.context,
    status: record.status,
    version: record.version,
    revision: record.revision,
    answer: showAnswer ? answerView(record.answer!) : null,
    savedAt: audience === 'agency' && record.savedAt ? record.savedAt.toISOString() : null,
    submittedOn: record.submittedOn,
    previousVersions: record.previousVersions.map((previous) => ({
      version: previous.version,
      submittedOn: previous.submittedOn,
      answer: answerView(previous.answer),
    })),
  };
}

export type RequestView = ReturnType<typeof requestView>;
