import type { Principal } from '../access/principal.js';
import type { ActorRef } from './action.record.js';

export function actorRefOf(principal: Principal): ActorRef {
  return {
    userId: principal.userId,
    role: principal.role,
    ...(principal.organisationId ? { organisationId: principal.organisationId } : {}),
  };
}

export { newRecordId } from '../shared/idempotent-create.js';
