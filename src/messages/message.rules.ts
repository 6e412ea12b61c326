import { createHash } from 'node:crypto';
import type { RecipientUser } from '../reminders/reminder.rules.js';
import type { MessageAudience } from './message.model.js';

/** Pure rules of the message outbox: who receives an e-mail, its stable Message-ID. */

/**
 * The addresses an audience names: enabled users of that role (of that organisation, or that one
 * user), each address once, in a stable order.
 * @example selectAudience({ role: 'agency', organisationId: 'north-police' }, users) //=> ['agency-police@north.example.org']
 */
export function selectAudience(audience: MessageAudience, users: readonly (RecipientUser & { id: string })[]): string[] {
  const wanted = users.filter(
    (user) =>
      !user.disabled &&
      user.role === audience.role &&
      (audience.organisationId === undefined || user.organisationId === audience.organisationId) &&
      (audience.userId === undefined || user.id === audience.userId),
  );
  return [...new Set(wanted.map((user) => user.email.toLowerCase()))].sort();
}

/** A short, stable, opaque id of a message key (Message-ID and logs: the key names a case). */
export function messageDigest(key: string): string {
  return createHash('sha256').update(`message\u0000${key}`).digest('hex').slice(0, 32);
}

/** The same Message-ID on every attempt, so a resend after a crash can be recognised and dropped. */
export function messageIdOf(key: string, domain: string): string {
  return `<message.${messageDigest(key)}@${domain}>`;
}
