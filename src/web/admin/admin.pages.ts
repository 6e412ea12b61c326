import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { requirePrincipal } from '../../access/authenticate.js';
import { PrincipalIdSchema } from '../../access/principal.js';
import { allow } from '../../access/policy.js';
import { AppError, NotFoundError, ValidationError } from '../../errors/app-errors.js';
import type { AdminChangeView } from '../../partnerships/admin.views.js';
import { type AdminService, actorOf } from '../../partnerships/admin.service.js';
import { type FieldSpec, type FormError, type FormValues, renderField } from '../forms/govuk-fields.js';
import { PARTNER_LABELS, ROLE_LABELS, formatInstant, humanise } from '../labels.js';
import { redirectAfterSave } from '../session/web-session.js';
import type { WebContext } from '../web.context.js';
import {
  formErrorsFrom,
  organisationFields,
  organisationValues,
  parseOrganisationForm,
  parseSettingsForm,
  parseUserForm,
  settingsFields,
  settingsValues,
  userFields,
  userValues,
} from './admin-forms.js';

/**
 * The administration pages (issue 12), for the partnership `admin` role: organisations, users,
 * settings and the change history of their own partnership. Thin: each form is parsed by
 * admin-forms.ts and handed to the same administration service the API uses, so the pages and
 * the API accept and refuse exactly the same things.
 */

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const link = (href: string, text: string, hidden = '') =>
  `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}${hidden ? `<span class="govuk-visually-hidden"> ${escapeHtml(hidden)}</span>` : ''}</a>`;
const tag = (text: string, colour: string) => `<strong class="govuk-tag govuk-tag--${colour}">${escapeHtml(text)}</strong>`;

const IdParams = z.strictObject({ id: PrincipalIdSchema });

function idOf(request: Request): string {
  const parsed = IdParams.safeParse(request.params);
  if (!parsed.success) throw new NotFoundError('No such page.');
  return parsed.data.id;
}

/** The fields, rendered with the values shown and each field's first error. */
function rendered(fields: FieldSpec[], values: FormValues, errors: FormError[]) {
  return fields.map((spec) => renderField(spec, values, errors.find((error) => error.field === spec.name)?.text));
}

/** A refusal the user can fix becomes errors on the form; anything else is the error page's. */
function refusal(error: unknown, fields: FieldSpec[]): { errors: FormError[]; status: number } {
  if (error instanceof ValidationError) return { errors: formErrorsFrom(error.errors, fields, error.message), status: 400 };
  if (error instanceof AppError && error.status < 500 && !(error instanceof NotFoundError)) {
    const field = /email/i.test(error.message)
      ? 'email'
      : /prefix/i.test(error.message)
        ? 'referencePrefix'
        : /organisation/i.test(error.message) && fields.some((f) => f.name === 'organisationId')
          ? 'organisationId'
          : fields[0]!.name;
    const spec = fields.find((f) => f.name === field) ?? fields[0]!;
    return { errors: [{ field: spec.name, href: `#${spec.id}`, text: error.message }], status: error.status };
  }
  throw error;
}

function describeChange(change: AdminChangeView): string {
  if (change.action === 'created') return 'Added';
  return change.changes.map((c) => `${humanise(c.field)}: ${shown(c.from)} → ${shown(c.to)}`).join('; ');
}

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function registerAdminPages(router: Router, context: WebContext, admin: AdminService): void {
  const { render } = context;
  const admins = allow('admin');
  const tenant = (request: Request) => requirePrincipal(request).partnershipId;

  router.get('/admin', admins, (request, response) => {
    render(request, response, 'admin/index.njk', { title: 'Administration' });
  });

  // ---- organisations ----

  router.get('/admin/organisations', ...context.audit('organisation.list'), admins, async (request, response) => {
    const all = request.query['show'] === 'all';
    const { items } = await admin.listOrganisations(tenant(request), all ? { includeInactive: 'true' } : {});
    render(request, response, 'admin/table.njk', {
      title: 'Organisations',
      addLink: { href: '/admin/organisations/new', text: 'Add an organisation' },
      toggle: all
        ? { href: '/admin/organisations', text: 'Show active organisations only' }
        : { href: '/admin/organisations?show=all', text: 'Show retired organisations too' },
      empty: 'There are no organisations yet.',
      head: [
        { text: 'Name' },
        { text: 'Kind' },
        { text: 'Partner' },
        { text: 'Status' },
        { html: '<span class="govuk-visually-hidden">Change</span>' },
      ],
      rows: items.map((o) => [
        { text: o.name },
        { text: humanise(o.kind) },
        { text: o.partner ? (PARTNER_LABELS[o.partner] ?? o.partner) : '' },
        { html: o.active ? tag('Active', 'green') : tag('Retired', 'grey') },
        { html: link(`/admin/organisations/${o.id}`, 'Change', o.name) },
      ]),
    });
  });

  const organisationForm = (
    request: Request,
    response: Response,
    options: { id?: string; values: FormValues; errors: FormError[] },
    status = 200,
  ) => {
    const editing = options.id !== undefined;
    render(
      request,
      response,
      'admin/form.njk',
      {
        title: editing ? 'Change an organisation' : 'Add an organisation',
        back: { href: '/admin/organisations', text: 'Organisations' },
        action: editing ? `/admin/organisations/${options.id}` : '/admin/organisations',
        submit: editing ? 'Save changes' : 'Add organisation',
        fields: rendered(organisationFields(editing), options.values, options.errors),
        errors: options.errors.map(({ href, text }) => ({ href, text })),
      },
      status,
    );
  };

  router.get('/admin/organisations/new', admins, (request, response) => organisationForm(request, response, { values: {}, errors: [] }));

  router.post('/admin/organisations', ...context.audit('organisation.create'), admins, async (request, response) => {
    const values = request.body as FormValues;
    const parsed = parseOrganisationForm(values, false);
    if (!parsed.body) return organisationForm(request, response, { values, errors: parsed.errors }, 400);
    try {
      const principal = requirePrincipal(request);
      const created = await admin.createOrganisation(actorOf(principal), principal.partnershipId, parsed.body);
      request.session.flash = { kind: 'success', title: 'Organisation added', text: `${created.name} was added.` };
      await redirectAfterSave(request, response, '/admin/organisations');
    } catch (error) {
      const { errors, status } = refusal(error, organisationFields(false));
      organisationForm(request, response, { values, errors }, status);
    }
  });

  router.get('/admin/organisations/:id', ...context.audit('organisation.read', 'id'), admins, async (request, response) => {
    const id = idOf(request);
    organisationForm(request, response, { id, values: organisationValues(await admin.getOrganisation(tenant(request), id)), errors: [] });
  });

  router.post('/admin/organisations/:id', ...context.audit('organisation.update', 'id'), admins, async (request, response) => {
    const id = idOf(request);
    const values = request.body as FormValues;
    const parsed = parseOrganisationForm(values, true);
    if (!parsed.body) return organisationForm(request, response, { id, values, errors: parsed.errors }, 400);
    try {
      const principal = requirePrincipal(request);
      const changed = await admin.updateOrganisation(actorOf(principal), principal.partnershipId, id, parsed.body);
      request.session.flash = { kind: 'success', title: 'Organisation changed', text: `${changed.name} was saved.` };
      await redirectAfterSave(request, response, '/admin/organisations');
    } catch (error) {
      const { errors, status } = refusal(error, organisationFields(true));
      organisationForm(request, response, { id, values, errors }, status);
    }
  });

  // ---- users ----

  router.get('/admin/users', ...context.audit('user.list'), admins, async (request, response) => {
    const all = request.query['show'] === 'all';
    const partnershipId = tenant(request);
    const [{ items }, directory] = await Promise.all([
      admin.listUsers(partnershipId, all ? { includeDisabled: 'true' } : {}),
      context.people.get(partnershipId),
    ]);
    render(request, response, 'admin/table.njk', {
      title: 'Users',
      addLink: { href: '/admin/users/new', text: 'Add a user' },
      toggle: all
        ? { href: '/admin/users', text: 'Show enabled users only' }
        : { href: '/admin/users?show=all', text: 'Show disabled users too' },
      empty: 'There are no users.',
      head: [
        { text: 'Name' },
        { text: 'Email' },
        { text: 'Role' },
        { text: 'Organisation' },
        { text: 'Status' },
        { html: '<span class="govuk-visually-hidden">Change</span>' },
      ],
      rows: items.map((u) => [
        { text: u.name },
        { text: u.email },
        { text: ROLE_LABELS[u.role] },
        { text: u.organisationId ? directory.organisationName(u.organisationId) : '' },
        { html: u.disabled ? tag('Disabled', 'grey') : tag('Enabled', 'green') },
        { html: link(`/admin/users/${u.id}`, 'Change', u.name) },
      ]),
    });
  });

  const userForm = async (
    request: Request,
    response: Response,
    options: { id?: string; values: FormValues; errors: FormError[] },
    status = 200,
  ) => {
    const editing = options.id !== undefined;
    // Active organisations, and the user's own even if it has since been retired (so saving keeps it).
    const current = typeof options.values['organisationId'] === 'string' ? options.values['organisationId'] : '';
    const { items } = await admin.listOrganisations(tenant(request), { includeInactive: 'true' });
    const organisations = items
      .filter((o) => o.active || o.id === current)
      .map((o) => ({ id: o.id, name: o.active ? o.name : `${o.name} (retired)` }));
    render(
      request,
      response,
      'admin/form.njk',
      {
        title: editing ? 'Change a user' : 'Add a user',
        back: { href: '/admin/users', text: 'Users' },
        action: editing ? `/admin/users/${options.id}` : '/admin/users',
        submit: editing ? 'Save changes' : 'Add user',
        fields: rendered(userFields(editing, organisations), options.values, options.errors),
        errors: options.errors.map(({ href, text }) => ({ href, text })),
      },
      status,
    );
  };

  router.get('/admin/users/new', admins, (request, response) => userForm(request, response, { values: {}, errors: [] }));

  router.post('/admin/users', ...context.audit('user.create'), admins, async (request, response) => {
    const values = request.body as FormValues;
    const parsed = parseUserForm(values, false);
    if (!parsed.body) return userForm(request, response, { values, errors: parsed.errors }, 400);
    try {
      const principal = requirePrincipal(request);
      const created = await admin.createUser(actorOf(principal), principal.partnershipId, parsed.body);
      request.session.flash = {
        kind: 'success',
        title: 'User added',
        text: `${created.name} can now sign in as ${ROLE_LABELS[created.role].toLowerCase()}.`,
      };
      await redirectAfterSave(request, response, '/admin/users');
    } catch (error) {
      const { errors, status } = refusal(error, userFields(false, []));
      await userForm(request, response, { values, errors }, status);
    }
  });

  router.get('/admin/users/:id', ...context.audit('user.read', 'id'), admins, async (request, response) => {
    const id = idOf(request);
    await userForm(request, response, { id, values: userValues(await admin.getUser(tenant(request), id)), errors: [] });
  });

  router.post('/admin/users/:id', ...context.audit('user.update', 'id'), admins, async (request, response) => {
    const id = idOf(request);
    const values = request.body as FormValues;
    const parsed = parseUserForm(values, true);
    if (!parsed.body) return userForm(request, response, { id, values, errors: parsed.errors }, 400);
    try {
      const principal = requirePrincipal(request);
      const changed = await admin.updateUser(actorOf(principal), principal.partnershipId, id, parsed.body);
      request.session.flash = {
        kind: 'success',
        title: 'User changed',
        text: `${changed.name} was saved${changed.disabled ? ' and is disabled' : ''}.`,
      };
      await redirectAfterSave(request, response, '/admin/users');
    } catch (error) {
      const { errors, status } = refusal(error, userFields(true, []));
      await userForm(request, response, { id, values, errors }, status);
    }
  });

  // ---- settings ----

  const settingsForm = (request: Request, response: Response, values: FormValues, errors: FormError[], status = 200) =>
    render(
      request,
      response,
      'admin/form.njk',
      {
        title: 'Settings',
        intro: 'A changed clock length applies to clocks that start after you save it. Clocks already running keep their dates.',
        back: { href: '/admin', text: 'Administration' },
        action: '/admin/settings',
        submit: 'Save settings',
        fields: rendered(settingsFields(), values, errors),
        errors: errors.map(({ href, text }) => ({ href, text })),
      },
      status,
    );

  router.get('/admin/settings', ...context.audit('partnership.read'), admins, async (request, response) => {
    settingsForm(request, response, settingsValues(await admin.getPartnership(tenant(request))), []);
  });

  router.post('/admin/settings', ...context.audit('partnership.update'), admins, async (request, response) => {
    const values = request.body as FormValues;
    const principal = requirePrincipal(request);
    const current = await admin.getPartnership(principal.partnershipId);
    const parsed = parseSettingsForm(values, current.clockOverrides);
    if (!parsed.body) return settingsForm(request, response, values, parsed.errors, 400);
    try {
      await admin.updatePartnership(actorOf(principal), principal.partnershipId, parsed.body);
      request.session.flash = { kind: 'success', title: 'Settings saved', text: 'The partnership’s settings were saved.' };
      await redirectAfterSave(request, response, '/admin/settings');
    } catch (error) {
      const { errors, status } = refusal(error, settingsFields());
      settingsForm(request, response, values, errors, status);
    }
  });

  // ---- change history ----

  router.get('/admin/changes', ...context.audit('admin-change.list'), admins, async (request, response) => {
    const partnershipId = tenant(request);
    const page = z.coerce
      .number()
      .int()
      .min(1)
      .max(100_000)
      .catch(1)
      .parse(request.query['page'] ?? 1);
    const [history, directory] = await Promise.all([
      admin.listChanges(partnershipId, { page: String(page), pageSize: '50' }),
      context.people.get(partnershipId),
    ]);
    const older = history.total > page * history.pageSize;
    render(request, response, 'admin/table.njk', {
      title: 'Change history',
      intro: `${history.total} change${history.total === 1 ? '' : 's'}, newest first.`,
      ...(older ? { toggle: { href: `/admin/changes?page=${page + 1}`, text: 'Older changes' } } : {}),
      empty: 'Nothing has been changed yet.',
      head: [{ text: 'When' }, { text: 'Who' }, { text: 'What' }, { text: 'Change' }],
      rows: history.items.map((change) => [
        { text: formatInstant(change.at) },
        {
          text:
            change.actor.kind === 'cli'
              ? `${change.actor.name ?? 'admin command'} (at the server)`
              : directory.userName(change.actor.userId),
        },
        {
          text: `${humanise(change.resourceType)} ${change.resourceType === 'user' ? directory.userName(change.resourceId) : change.resourceType === 'organisation' ? directory.organisationName(change.resourceId) : ''}`.trim(),
        },
        { text: describeChange(change) },
      ]),
    });
  });
}
