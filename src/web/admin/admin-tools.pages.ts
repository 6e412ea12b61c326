import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { requirePrincipal } from '../../access/authenticate.js';
import { PrincipalIdSchema } from '../../access/principal.js';
import { allow } from '../../access/policy.js';
import { ROLES } from '../../access/roles.js';
import { AUDIT_OUTCOMES } from '../../audit/audit.model.js';
import type { AuditService } from '../../audit/audit.service.js';
import { CalendarDateSchema } from '../../calendar/index.js';
import type { FeedTokenService } from '../../feeds/feed-token.service.js';
import { AppError, NotFoundError, PreconditionFailedError, RuleViolationError } from '../../errors/app-errors.js';
import { CURRENT_MACHINE_VERSION, MACHINE_VERSIONS } from '../../../workflows/case-workflow.js';
import { type FormValues, single } from '../forms/govuk-fields.js';
import { ROLE_LABELS, formatInstant, humanise, stateLabel } from '../labels.js';
import { redirectAfterSave } from '../session/web-session.js';
import { STACKED_TABLE_CLASSES, stackedRows } from '../stacked-table.js';
import type { WebContext } from '../web.context.js';

/**
 * The admin's tools beside organisations and users: the access audit trail (filters, paging),
 * calendar feed tokens (everyone's own page, and an admin's revoke of anyone's in the
 * partnership), and the replay check of a case with its move to a newer workflow edition. Each
 * calls the same service the API route does (src/audit, src/feeds, src/cases).
 */

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const CASE_ID = /^[a-f0-9]{32}$/;
const TOKEN_ID = /^[a-f0-9]{32}$/;
const AUDIT_PAGE_SIZE = 50;

/** The trail's filters from the query string; a value that does not parse is dropped, not an error page. */
const AuditFiltersSchema = z.object({
  userId: PrincipalIdSchema.optional().catch(undefined),
  action: z
    .string()
    .regex(/^[a-z][a-z-]{0,39}\.[a-z][a-z-]{0,39}$/)
    .optional()
    .catch(undefined),
  outcome: z.enum(AUDIT_OUTCOMES).optional().catch(undefined),
  caseId: z.string().regex(CASE_ID).optional().catch(undefined),
  from: CalendarDateSchema.optional().catch(undefined),
  to: CalendarDateSchema.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

const OUTCOME_TAGS: Record<string, string> = { allowed: 'govuk-tag--green', denied: 'govuk-tag--red', failed: 'govuk-tag--orange' };

export function registerAdminToolPages(
  router: Router,
  context: WebContext,
  services: { auditTrail?: AuditService; feedTokens?: FeedTokenService },
): void {
  const { render, people, cases } = context;
  const admins = allow('admin');

  // --- The access audit trail --------------------------------------------------------------------
  const trail = services.auditTrail;
  if (trail) {
    router.get('/admin/audit', ...context.audit('audit.read', ({ query }) => query['caseId']), admins, async (request, response) => {
      const principal = requirePrincipal(request);
      const filters = AuditFiltersSchema.parse(Object.fromEntries(Object.entries(request.query).filter(([, value]) => value !== '')));
      const { page, ...rest } = filters;
      const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
      const result = await trail.list(principal, { ...defined, page, pageSize: AUDIT_PAGE_SIZE } as Parameters<AuditService['list']>[1]);
      const directory = await people.get(principal.partnershipId);
      const pages = Math.max(1, Math.ceil(result.total / AUDIT_PAGE_SIZE));
      const href = (to: number) => {
        const params = new URLSearchParams(Object.entries(defined).map(([key, value]): [string, string] => [key, String(value)]));
        params.set('page', String(to));
        return `/admin/audit?${params.toString()}`;
      };
      const headings = ['When', 'Who', 'What', 'Record', 'Outcome'] as const;
      render(request, response, 'admin/audit.njk', {
        title: 'Access audit trail',
        filters,
        total: result.total,
        head: headings.map((text) => ({ text })),
        tableClasses: STACKED_TABLE_CLASSES,
        rows: stackedRows(
          headings,
          result.items.map((item) => [
            { text: formatInstant(item.at) },
            {
              text: item.userId
                ? `${directory.userName(item.userId)}${item.role ? ` (${ROLE_LABELS[item.role as keyof typeof ROLE_LABELS] ?? humanise(item.role)})` : ''}`
                : 'Not signed in',
            },
            { text: `${humanise(item.action)} (${item.method})` },
            {
              html:
                item.resourceType === 'case' && item.resourceId && CASE_ID.test(item.resourceId)
                  ? `<a class="govuk-link" href="/cases/${item.resourceId}">Case</a> · <a class="govuk-link" href="/admin/audit?caseId=${item.resourceId}">its trail</a>`
                  : escapeHtml(item.resourceId ? `${humanise(item.resourceType ?? '')} ${item.resourceId}` : ''),
            },
            {
              html: `<strong class="govuk-tag ${OUTCOME_TAGS[item.outcome] ?? 'govuk-tag--grey'}">${escapeHtml(humanise(item.outcome))}</strong> ${item.status}`,
            },
          ]),
        ),
        userOptions: [
          { value: '', text: 'Anyone' },
          ...directory.users.map((user) => ({ value: user.id, text: user.name, selected: filters.userId === user.id })),
        ],
        outcomeOptions: [
          { value: '', text: 'Any outcome' },
          ...AUDIT_OUTCOMES.map((value) => ({ value, text: humanise(value), selected: filters.outcome === value })),
        ],
        pagination:
          pages > 1
            ? {
                ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
                ...(page < pages ? { next: { href: href(page + 1) } } : {}),
                items: Array.from({ length: Math.min(pages, 10) }, (_, index) => ({
                  number: index + 1,
                  href: href(index + 1),
                  current: index + 1 === page,
                })),
              }
            : undefined,
      });
    });
  }

  // --- Calendar feed tokens ------------------------------------------------------------------------
  const tokens = services.feedTokens;
  if (tokens) {
    const tokenRows = (items: Awaited<ReturnType<FeedTokenService['list']>>['items'], revokeAction: (id: string) => string) =>
      items.map((item) => ({
        label: item.label ?? 'No label',
        created: formatInstant(item.createdAt),
        lastUsed: item.lastUsedAt ? formatInstant(item.lastUsedAt) : 'Never',
        expires: formatInstant(item.expiresAt),
        revokeAction: revokeAction(item.id),
      }));

    router.get('/feed-tokens', ...context.audit('feed-token.list'), allow(...ROLES), async (request, response) => {
      const principal = requirePrincipal(request);
      const { items } = await tokens.list(principal, {});
      render(request, response, 'feeds/tokens.njk', {
        title: 'Calendar feeds',
        tokens: tokenRows(items, (id) => `/feed-tokens/${id}/revoke`),
      });
    });

    router.post('/feed-tokens', ...context.audit('feed-token.create'), allow(...ROLES), async (request, response) => {
      const principal = requirePrincipal(request);
      const label = single((request.body as FormValues)['label'])
        .trim()
        .slice(0, 100);
      try {
        const created = await tokens.create(principal, label ? { label } : {});
        // The token is shown once, on this answer only (never stored in the session).
        const origin = `${request.protocol}://${request.get('host') ?? 'localhost'}`;
        render(request, response, 'feeds/created.njk', {
          title: 'Your new calendar feed',
          deadlinesUrl: `${origin}${created.feeds.deadlines}`,
          expires: formatInstant(created.expiresAt),
        });
      } catch (error) {
        if (error instanceof RuleViolationError) {
          const { items } = await tokens.list(principal, {});
          return render(
            request,
            response,
            'feeds/tokens.njk',
            {
              title: 'Calendar feeds',
              tokens: tokenRows(items, (id) => `/feed-tokens/${id}/revoke`),
              errors: [{ href: '#label', text: error.message }],
            },
            422,
          );
        }
        throw error;
      }
    });

    router.post('/feed-tokens/:id/revoke', ...context.audit('feed-token.revoke', 'id'), allow(...ROLES), async (request, response) => {
      const id = String(request.params['id']);
      if (!TOKEN_ID.test(id)) throw new NotFoundError('No such feed.');
      await tokens.revoke(requirePrincipal(request), id);
      request.session.flash = {
        kind: 'success',
        title: 'Feed stopped',
        text: 'The calendar feed no longer works. Calendars using it stop updating.',
      };
      await redirectAfterSave(request, response, '/feed-tokens');
    });

    router.get('/admin/feed-tokens', ...context.audit('feed-token.list'), admins, async (request, response) => {
      const principal = requirePrincipal(request);
      const directory = await people.get(principal.partnershipId);
      const parsed = PrincipalIdSchema.safeParse(request.query['userId']);
      const userId = parsed.success && directory.users.some((user) => user.id === parsed.data) ? parsed.data : undefined;
      const items = userId ? (await tokens.list(principal, { userId })).items : [];
      render(request, response, 'admin/feed-tokens.njk', {
        title: 'Calendar feed tokens',
        userId,
        userName: userId ? directory.userName(userId) : undefined,
        userOptions: [
          { value: '', text: 'Choose a user' },
          ...directory.users.map((user) => ({ value: user.id, text: user.name, selected: userId === user.id })),
        ],
        tokens: tokenRows(items, (id) => `/admin/feed-tokens/${id}/revoke?userId=${encodeURIComponent(userId ?? '')}`),
      });
    });

    router.post('/admin/feed-tokens/:id/revoke', ...context.audit('feed-token.revoke', 'id'), admins, async (request, response) => {
      const id = String(request.params['id']);
      if (!TOKEN_ID.test(id)) throw new NotFoundError('No such feed.');
      await tokens.revoke(requirePrincipal(request), id);
      const userId = PrincipalIdSchema.safeParse(request.query['userId']);
      request.session.flash = { kind: 'success', title: 'Feed token revoked', text: 'The token no longer works.' };
      await redirectAfterSave(request, response, `/admin/feed-tokens${userId.success ? `?userId=${encodeURIComponent(userId.data)}` : ''}`);
    });
  }

  // --- Replay check and edition migration -------------------------------------------------------------
  async function showCaseCheck(request: Request, response: Response) {
    const principal = requirePrincipal(request);
    const reference = typeof request.query['reference'] === 'string' ? request.query['reference'].trim().toUpperCase() : '';
    let found: { id: string; reference: string } | undefined;
    let searched = false;
    if (/^[A-Z0-9-]{1,40}$/.test(reference)) {
      searched = true;
      const result = await cases.list(principal, { reference, status: 'all', page: 1, pageSize: 10 } as Parameters<typeof cases.list>[1]);
      found = result.items.find((item) => item.reference === reference);
    }
    const view = found ? await cases.get(principal, found.id) : undefined;
    const check = found ? await cases.verify(principal, found.id) : undefined;
    const machineVersion = view && 'machine' in view ? view.machine.version : undefined;
    render(request, response, 'admin/case-check.njk', {
      title: 'Replay check and workflow edition',
      reference,
      searched,
      view,
      check,
      stage: view ? stateLabel(view.state) : undefined,
      machineVersion,
      currentVersion: CURRENT_MACHINE_VERSION,
      migrateTo:
        machineVersion !== undefined
          ? MACHINE_VERSIONS.filter((version) => version > machineVersion).map((version) => ({
              value: String(version),
              text: `Edition ${version}${version === CURRENT_MACHINE_VERSION ? ' (current)' : ''}`,
            }))
          : [],
    });
  }

  router.get('/admin/case-checks', ...context.audit('case.verify'), admins, async (request, response) => {
    await showCaseCheck(request, response);
  });

  router.post('/admin/case-checks/:id/migration', ...context.audit('case.migrate', 'id'), admins, async (request, response) => {
    const id = String(request.params['id']);
    if (!CASE_ID.test(id)) throw new NotFoundError('No such case.');
    const principal = requirePrincipal(request);
    const body = request.body as FormValues;
    const toVersion = Number(single(body['toVersion']));
    const current = await cases.get(principal, id);
    const back = `/admin/case-checks?reference=${encodeURIComponent(current.reference)}`;
    if (!Number.isInteger(toVersion)) {
      request.session.flash = { kind: 'important', title: 'The case was not moved', text: 'Select the edition to move the case to.' };
      return redirectAfterSave(request, response, back);
    }
    try {
      await cases.migrate(principal, id, { toVersion }, { ifMatch: Number(single(body['version'])) });
      request.session.flash = {
        kind: 'success',
        title: 'Case moved',
        text: `Case ${current.reference} is now on workflow edition ${toVersion}. The move is in its history.`,
      };
      await redirectAfterSave(request, response, back);
    } catch (error) {
      if (
        error instanceof PreconditionFailedError ||
        (error instanceof AppError && error.status < 500 && !(error instanceof NotFoundError))
      ) {
        request.session.flash = { kind: 'important', title: 'The case was not moved', text: error.message };
        return redirectAfterSave(request, response, back);
      }
      throw error;
    }
  });
}
