import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/access/principal.js';
import { RuleViolationError } from '../../../src/errors/app-errors.js';
import { checkReturnDocuments, type ReadableDocuments } from '../../../src/information/information.attachments.js';

// The documents the police agency may read, by id, with the case each belongs to.
const CASE = 'a'.repeat(32);
const OTHER_CASE = 'b'.repeat(32);
const OWN = '1'.repeat(32);
const OWN_ON_OTHER_CASE = '2'.repeat(32);
const UNREADABLE = '3'.repeat(32);
const readable = new Map([
  [OWN, CASE],
  [OWN_ON_OTHER_CASE, OTHER_CASE],
]);
const documents: ReadableDocuments = {
  findReadable: async (_principal, id) => (readable.has(id) ? { caseId: readable.get(id)! } : undefined),
};
const police = { userId: 'north-agency-police', role: 'agency', partnershipId: 'north', organisationId: 'north-police' } as Principal;

describe('checkReturnDocuments', () => {
  it('accepts no documents, and the agency’s own documents of the case', async () => {
    await expect(checkReturnDocuments(documents, police, CASE, [])).resolves.toBeUndefined();
    await expect(checkReturnDocuments(documents, police, CASE, [OWN])).resolves.toBeUndefined();
  });

  it.each([
    ['a document of another case', OWN_ON_OTHER_CASE],
    ['a document the agency may not read (or that does not exist)', UNREADABLE],
  ])('refuses %s, naming it and not the good one', async (_label, id) => {
    const refusal = await checkReturnDocuments(documents, police, CASE, [OWN, id]).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RuleViolationError);
    expect((refusal as RuleViolationError).rule).toBe('return-document-not-readable');
    expect((refusal as RuleViolationError).status).toBe(422);
    expect((refusal as RuleViolationError).message).toContain(id);
    expect((refusal as RuleViolationError).message).not.toContain(OWN);
  });
});
