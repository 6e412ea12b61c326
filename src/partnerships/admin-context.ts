import type mongoose from 'mongoose';
import type { FieldChange, AdminResourceType, ChangeActor } from './admin-change.model.js';
import type { Partnership } from './partnership.model.js';

/** What the administration services share (built once by createAdminService). */
export interface AdminContext {
  connection: mongoose.Connection;
  defaultDueSoonWorkingDays: number;
  /** Writes one change-history entry (nothing when nothing changed) and tells the listeners. */
  record(
    partnershipId: string,
    actor: ChangeActor,
    resourceType: AdminResourceType,
    resourceId: string,
    action: 'created' | 'updated',
    changes: FieldChange[],
  ): Promise<void>;
  /** The partnership, or a 404. */
  requirePartnership(partnershipId: string): Promise<Partnership>;
  endSessions(userId: string): Promise<void>;
}
