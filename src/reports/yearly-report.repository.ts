import type mongoose from 'mongoose';
import { actionModels } from '../actions/action.model.js';
import { caseModels } from '../cases/case.model.js';
import { organisationModel } from '../partnerships/organisation.model.js';
import type { ReportAction, ReportCase } from './yearly-report.js';
import type { ReviewAction, ReviewLearning, ReviewRecommendation } from './yearly-report-reviews.js';

/**
 * What the yearly report reads, streamed with a cursor and a projection of only the fields the
 * reducer needs: never the children, the summary, the snapshot or any free text. FerretDB and
 * MongoDB both support projections into arrays of sub-documents (`history.fields.outcome`).
 *
 * Read-only use of the case and action components' collections (their models own the schema).
 */
export const CASE_PROJECTION = {
  _id: 1,
  reference: 1,
  route: 1,
  referringOrganisationId: 1,
  'caseData.themes': 1,
  'caseData.laAwareOn': 1,
  'clocks.clockId': 1,
  'clocks.dueOn': 1,
  'clocks.originalDueOn': 1,
  'history.type': 1,
  'history.at': 1,
  'history.stateAfter': 1,
  'history.fields.outcome': 1,
  'history.fields.submittedOn': 1,
  'history.fields.localReview': 1,
  'history.fields.response': 1,
  'history.fields.publishedOn': 1,
  'history.fields.commissionedOn': 1,
} as const;

export const ACTION_PROJECTION = {
  _id: 1,
  reference: 1,
  'history.type': 1,
  'history.at': 1,
  'history.fields.rag': 1,
  'history.fields.targetOn': 1,
  'history.fields.recurrence': 1,
  'history.fields.changes.target.to': 1,
} as const;

/** Documents per round trip: few round trips, bounded memory. */
const BATCH_SIZE = 2000;
/** Case lookups in flight at once: enough to overlap round trips, few enough to leave the pool to others. */
const LOOKUPS_AT_ONCE = 8;

export interface ReportWindowFilter {
  partnershipId: string;
  /** Records created at or after this instant cannot count (just after the as-recorded instant). */
  createdBefore: Date;
  /** Closed records last changed before this instant cannot count (the start of the year). */
  activeSince: Date;
}

export function createYearlyReportRepository(connection: mongoose.Connection) {
  const { Case, CaseSummary } = caseModels(connection);
  const { Action } = actionModels(connection);
  const Organisation = organisationModel(connection);

  return {
    /**
     * The partnership's cases that can count: entered by the as-recorded instant, and either still
     * open or changed since the year began (a case closed before the year has nothing in it).
     * The candidates are picked from `case_summaries` (a few hundred bytes each) and only those
     * cases are read, one `_id` lookup each: on the embedded database every document a filter
     * looks at is decoded whole, so filtering `cases` itself would decode twenty years of cases
     * (about 8 KB each) to use the one or two years that count. Ids only, and the filter is built
     * here from validated values.
     */
    async *cases(filter: ReportWindowFilter): AsyncIterable<ReportCase> {
      const candidates = await CaseSummary.collection
        .find(
          {
            partnershipId: filter.partnershipId,
            openedAt: { $lt: filter.createdBefore },
            $or: [{ open: true }, { updatedAt: { $gte: filter.activeSince } }],
          },
          { projection: { _id: 1 }, batchSize: BATCH_SIZE },
        )
        .toArray();
      const ids = candidates.map((candidate) => String(candidate._id)).sort();
      for (let start = 0; start < ids.length; start += LOOKUPS_AT_ONCE) {
        const batch = await Promise.all(
          ids
            .slice(start, start + LOOKUPS_AT_ONCE)
            .map((id) =>
              Case.collection.findOne({ _id: id, partnershipId: filter.partnershipId } as never, { projection: CASE_PROJECTION }),
            ),
        );
        // A case removed since its summary was read (a partnership reset) has nothing to count.
        for (const record of batch) if (record) yield record as unknown as ReportCase;
      }
    },

    /** The partnership's actions created before the end of `asOf` (sign-off is judged from their history). */
    actions(filter: ReportWindowFilter): AsyncIterable<ReportAction> {
      return Action.collection.find(
        { partnershipId: filter.partnershipId, createdAt: { $lt: filter.createdBefore } },
        { projection: ACTION_PROJECTION, batchSize: BATCH_SIZE },
      ) as unknown as AsyncIterable<ReportAction>;
    },

    /**
     * The recommendations of these cases and their actions, as entered by `createdBefore` (the
     * action's current status, RAG and evidence of impact given by then). Ids are validated strings.
     */
    async reviewRecommendations(partnershipId: string, caseIds: string[], createdBefore: Date) {
      if (caseIds.length === 0) return { recommendations: [], actions: [] };
      const { Recommendation } = actionModels(connection);
      const recommendations = await Recommendation.collection
        .find({ partnershipId, caseId: { $in: caseIds }, createdAt: { $lt: createdBefore } } as never, {
          projection: { _id: 1, reference: 1, text: 1, caseId: 1, seq: 1 },
        })
        .sort({ seq: 1 })
        .toArray();
      const ids = recommendations.map((r) => String(r._id));
      const actions = ids.length
        ? await Action.collection
            .find({ partnershipId, recommendationId: { $in: ids }, createdAt: { $lt: createdBefore } } as never, {
              projection: {
                _id: 1,
                reference: 1,
                text: 1,
                recommendationId: 1,
                seq: 1,
                'impactEvidence.evidencedOn': 1,
                'impactEvidence.text': 1,
                'impactEvidence.at': 1,
              },
            })
            .sort({ recommendationSeq: 1, seq: 1 })
            .toArray()
        : [];
      const recorded = (at: unknown) => typeof at === 'string' && Date.parse(at) < createdBefore.getTime();
      return {
        recommendations: recommendations.map((r) => ({
          id: String(r._id),
          reference: String(r['reference']),
          text: String(r['text']),
          caseId: String(r['caseId']),
        })) as (Omit<ReviewRecommendation, 'actions'> & { caseId: string })[],
        actions: actions.map((a) => ({
          id: String(a._id),
          reference: String(a['reference']),
          text: String(a['text']),
          // status and RAG as recorded at the report's instant come from the year's figures (actionStandings)
          status: '',
          rag: '',
          recommendationId: String(a['recommendationId']),
          impactEvidence: ((a['impactEvidence'] ?? []) as { evidencedOn: string; text: string; at: string }[])
            .filter((evidence) => recorded(evidence.at))
            .map(({ evidencedOn, text }) => ({ evidencedOn, text })),
        })) as (ReviewAction & { recommendationId: string })[],
      };
    },

    /** How each case's learning was spread and its report sent to the NSPCC repository (recorded by `createdBefore`). */
    async reviewLearning(partnershipId: string, caseIds: string[], createdBefore: Date): Promise<Map<string, ReviewLearning>> {
      const out = new Map<string, ReviewLearning>();
      for (const id of caseIds) {
        const record = await Case.collection.findOne({ _id: id, partnershipId } as never, {
          projection: {
            'workflow.snapshot.context.dissemination': 1,
            'workflow.snapshot.context.repositorySubmission': 1,
            'workflow.snapshot.context.publication.published': 1,
          },
        });
        const context = ((record?.['workflow'] as { snapshot?: { context?: Record<string, unknown> } } | undefined)?.snapshot?.context ??
          {}) as {
          dissemination?: { kind: string; disseminatedOn: string; audience: string; reach: number; at: string }[];
          repositorySubmission?: { submittedOn: string; at: string } | null;
          publication?: { published?: { publishedOn: string; at: string } | null };
        };
        const by = (at: string | undefined) => at !== undefined && Date.parse(at) < createdBefore.getTime();
        out.set(id, {
          dissemination: (context.dissemination ?? [])
            .filter((d) => by(d.at))
            .map(({ kind, disseminatedOn, audience, reach }) => ({ kind, disseminatedOn, audience, reach })),
          repositorySubmittedOn:
            context.repositorySubmission && by(context.repositorySubmission.at) ? context.repositorySubmission.submittedOn : null,
          publishedOn:
            context.publication?.published && by(context.publication.published.at) ? context.publication.published.publishedOn : null,
        });
      }
      return out;
    },

    /** Organisation id → kind, for the referral sources. */
    async organisationKinds(partnershipId: string): Promise<Map<string, string>> {
      const organisations = await Organisation.find({ partnershipId }).select({ _id: 1, kind: 1 }).lean<{ _id: string; kind: string }[]>();
      return new Map(organisations.map((organisation) => [organisation._id, organisation.kind]));
    },
  };
}

export type YearlyReportRepository = ReturnType<typeof createYearlyReportRepository>;
