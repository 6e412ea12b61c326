import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import type { ActionRecord, RecommendationRecord } from './action.record.js';

const RecommendationSchema = new Schema(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    reference: { type: String, required: true },
    seq: { type: Number, required: true },
    source: { type: String, required: true },
    caseId: { type: String, default: null },
    caseReference: { type: String, default: null },
    priority: { type: String, default: null },
    text: { type: String, required: true },
    createdOn: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
    idempotencyKeys: { type: [String], default: [] },
    history: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: 'recommendations', strict: 'throw', versionKey: false, minimize: false, id: false },
);
// Plain and unique indexes only (ARCHITECTURE decision 5), partnership first (the shard key).
RecommendationSchema.index({ partnershipId: 1, seq: 1 }, { unique: true });
RecommendationSchema.index({ partnershipId: 1, caseId: 1 });

const ActionSchema = new Schema(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    reference: { type: String, required: true },
    recommendationId: { type: String, required: true },
    recommendationReference: { type: String, required: true },
    recommendationSeq: { type: Number, required: true },
    seq: { type: Number, required: true },
    source: { type: String, required: true },
    priority: { type: String, default: null },
    caseId: { type: String, default: null },
    caseReference: { type: String, default: null },
    text: { type: String, required: true },
    ownerOrganisationId: { type: String, required: true },
    lead: { type: String, required: true },
    targetOn: { type: String, default: null },
    recurrence: { type: Schema.Types.Mixed, default: null },
    originalTarget: { type: Schema.Types.Mixed, required: true },
    targetRevisions: { type: [Schema.Types.Mixed], default: [] },
    rag: { type: String, required: true },
    status: { type: String, required: true },
    dueOn: { type: String, default: null },
    lastNoteOn: { type: String, default: null },
    hasImpactEvidence: { type: Boolean, required: true },
    progressNotes: { type: [Schema.Types.Mixed], default: [] },
    impactEvidence: { type: [Schema.Types.Mixed], default: [] },
    signOff: { type: Schema.Types.Mixed, default: null },
    createdOn: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
    idempotencyKeys: { type: [String], default: [] },
    history: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: 'actions', strict: 'throw', versionKey: false, minimize: false, id: false },
);
ActionSchema.index({ partnershipId: 1, recommendationSeq: 1, seq: 1 }, { unique: true });
ActionSchema.index({ partnershipId: 1, recommendationId: 1 });
ActionSchema.index({ partnershipId: 1, ownerOrganisationId: 1 });
ActionSchema.index({ partnershipId: 1, caseId: 1, status: 1 });
ActionSchema.index({ partnershipId: 1, status: 1, dueOn: 1 });

/** Running numbers for references: `recommendation:<partnership>` and `action:<recommendation id>`. */
const ActionCounterSchema = new Schema<{ _id: string; seq: number }>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'action_counters', strict: 'throw', versionKey: false },
);

export function actionModels(connection: mongoose.Connection) {
  return {
    Recommendation: connection.models['Recommendation'] ?? connection.model('Recommendation', RecommendationSchema),
    Action: connection.models['Action'] ?? connection.model('Action', ActionSchema),
    ActionCounter: connection.models['ActionCounter'] ?? connection.model('ActionCounter', ActionCounterSchema),
  } as {
    Recommendation: mongoose.Model<RecommendationRecord>;
    Action: mongoose.Model<ActionRecord>;
    ActionCounter: mongoose.Model<{ _id: string; seq: number }>;
  };
}

export type ActionModels = ReturnType<typeof actionModels>;
