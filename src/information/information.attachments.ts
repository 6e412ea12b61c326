import type { Principal } from '../access/principal.js';
import { RuleViolationError } from '../errors/app-errors.js';

/** What the return needs of the documents component (src/documents): a document the principal may read. */
export interface ReadableDocuments {
  findReadable(principal: Principal, id: string): Promise<{ caseId: string } | undefined>;
}

/**
 * Every document a return names must be a document of the return's own case that the agency may
 * read (its own upload, or one sent to it). Anything else is refused as one rule, without saying
 * whether the document exists, so another agency's or another case's files are not disclosed.
 */
export async function checkReturnDocuments(
  documents: ReadableDocuments,
  principal: Principal,
  caseId: string,
  documentIds: readonly string[],
): Promise<void> {
  const refused: string[] = [];
  for (const id of documentIds) {
    const found = await documents.findReadable(principal, id);
    if (!found || found.caseId !== caseId) refused.push(id);
  }
  if (refused.length > 0) {
    throw new RuleViolationError(
      `A return can only list documents of this case that your agency may read: ${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} not. Attach the file to this return instead.`,
      'return-document-not-readable',
    );
  }
}
