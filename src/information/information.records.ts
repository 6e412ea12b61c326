import type mongoose from 'mongoose';
import type { CaseRecord } from '../cases/case.record.js';
import { requestSeedsOf } from './information.derive.js';
import { type InformationRequestRecord, informationModels } from './information.model.js';
import { DEFAULT_INFORMATION_TEMPLATE, type InformationTemplate, sharedContext } from './information.template.js';

/** The partnership's template, or the defaults (version 0) until it edits its own. */
export async function loadTemplate(
  connection: mongoose.Connection,
  partnershipId: string,
): Promise<InformationTemplate & { version: number; custom: boolean }> {
  const stored = await informationModels(connection).InformationTemplate.findOne({ _id: partnershipId }).lean();
  return stored
    ? { questions: stored.questions, share: stored.share, version: stored.version, custom: true }
    : { ...DEFAULT_INFORMATION_TEMPLATE, version: 0, custom: false };
}

export type RequestingCase = Pick<CaseRecord, '_id' | 'partnershipId' | 'reference' | 'history' | 'caseData'>;

/**
 * Creates the request records a case's history holds that do not exist yet (idempotent: the ids
 * are derived, a duplicate insert is another writer's success). Called when the business unit asks
 * or looks, and by the message worker for every changed case before it sends the e-mails that link
 * to these records, so a request made through the bare lifecycle event has its page too.
 */
export async function ensureRequestRecords(connection: mongoose.Connection, record: RequestingCase, now: Date): Promise<void> {
  const { InformationRequest } = informationModels(connection);
  const seeds = requestSeedsOf(record._id, record.history);
  if (seeds.length === 0) return;
  const existing = new Set(
    (
      await InformationRequest.find({ partnershipId: record.partnershipId, caseId: record._id })
        .select({ _id: 1 })
        .lean<{ _id: string }[]>()
    ).map((row) => row._id),
  );
  const missing = seeds.filter((seed) => !existing.has(seed._id));
  if (missing.length === 0) return;
  const template = await loadTemplate(connection, record.partnershipId);
  for (const seed of missing) {
    const request: InformationRequestRecord = {
      ...seed,
      partnershipId: record.partnershipId,
      caseId: record._id,
      reference: record.reference,
      questions: template.questions,
      context: sharedContext(record.caseData, template.share),
      status: 'not-started',
      version: 1,
      revision: 1,
      answer: null,
      savedAt: null,
      savedBy: null,
      submittedOn: null,
      submittedAt: null,
      submittedBy: null,
      lastSubmittedAt: null,
      previousVersions: [],
      createdAt: now,
    };
    try {
      await InformationRequest.collection.insertOne(request as never);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error; // another writer created it first
    }
  }
}
