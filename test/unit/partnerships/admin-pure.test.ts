import { describe, expect, it } from 'vitest';
import { parseAdminCommand, UsageError } from '../../../scripts/admin/admin-args.js';
import { fieldChanges } from '../../../src/partnerships/admin-change.diff.js';
import { idFromName } from '../../../src/partnerships/admin-input.js';
import {
  formErrorsFrom,
  parseOrganisationForm,
  parseSettingsForm,
  parseUserForm,
  settingsFields,
} from '../../../src/web/admin/admin-forms.js';

// The pure parts of partnership administration (issue 12): the CLI's arguments, the change diff,
// ids made from names, and the admin forms' answers turned into service requests.

describe('parseAdminCommand', () => {
  it.each([
    [
      ['partnership', 'create', '--id', 'north', '--name', 'North SCP', '--prefix', 'NTH'],
      { command: 'partnership create', id: 'north', name: 'North SCP', referencePrefix: 'NTH' },
    ],
    [
      [
        'organisation',
        'add',
        '--partnership',
        'north',
        '--id',
        'north-police',
        '--name',
        'Police',
        '--kind',
        'police',
        '--partner',
        'police',
      ],
      {
        command: 'organisation add',
        partnershipId: 'north',
        organisation: { id: 'north-police', name: 'Police', kind: 'police', partner: 'police' },
      },
    ],
    [
      ['user', 'add', '--partnership', 'north', '--email', 'a@b.org', '--name', 'A', '--role', 'admin'],
      { command: 'user add', partnershipId: 'north', user: { email: 'a@b.org', name: 'A', role: 'admin' } },
    ],
    [
      [
        'user',
        'add',
        '--partnership',
        'north',
        '--email',
        'a@b.org',
        '--name',
        'A',
        '--role',
        'agency',
        '--organisation',
        'north-police',
        '--id',
        'u1',
      ],
      {
        command: 'user add',
        partnershipId: 'north',
        user: { id: 'u1', email: 'a@b.org', name: 'A', role: 'agency', organisationId: 'north-police' },
      },
    ],
    [['list'], { command: 'list' }],
    [[], { command: 'help' }],
    [['--help'], { command: 'help' }],
  ])('%j', (argv, expected) => {
    expect(parseAdminCommand(argv)).toEqual(expected);
  });

  it.each([
    [['partnership', 'create', '--id', 'north', '--name', 'North'], '--prefix is required'],
    [['partnership', 'create', '--id', 'north', '--name', '  ', '--prefix', 'NTH'], '--name is required'],
    [['user', 'remove', '--partnership', 'north'], 'unknown command "user remove"'],
    [['organisation', 'add', '--bogus', 'x'], "Unknown option '--bogus'"],
    [['list', 'extra'], 'Unexpected argument'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseAdminCommand(argv)).toThrow(UsageError);
    expect(() => parseAdminCommand(argv)).toThrow(message);
  });
});

describe('fieldChanges', () => {
  it('lists only the fields that differ, in the order asked, with absent as null', () => {
    expect(
      fieldChanges({ name: 'A', kind: 'school', partner: 'police' }, { name: 'B', kind: 'school' }, ['kind', 'name', 'partner']),
    ).toEqual([
      { field: 'name', from: 'A', to: 'B' },
      { field: 'partner', from: 'police', to: null },
    ]);
  });
  it('compares objects by value and treats a new record as changed from null', () => {
    expect(fieldChanges({ o: { a: { length: 3 } } }, { o: { a: { length: 3 } } }, ['o'])).toEqual([]);
    expect(fieldChanges(undefined, { name: 'A', active: true }, ['name', 'active'])).toEqual([
      { field: 'name', from: null, to: 'A' },
      { field: 'active', from: null, to: true },
    ]);
  });
});

describe('idFromName', () => {
  it.each([
    ['north', 'Riverside Academy (synthetic)', 'north-riverside-academy-synthetic'],
    ['north', 'Children’s Services', 'north-childrens-services'],
    ['north', 'École Saint-Gérard', 'north-ecole-saint-gerard'],
  ])('%s + %s → %s', (prefix, name, id) => {
    expect(idFromName(prefix, name)).toBe(id);
  });
  it('a name of no letters or digits gets a random suffix', () => {
    expect(idFromName('north', '—')).toMatch(/^north-[0-9a-f]{6}$/);
  });
});

describe('the admin forms', () => {
  it('an organisation form: empty partner left out when adding, removed (null) when changing', () => {
    expect(parseOrganisationForm({ name: ' Food Bank ', kind: 'voluntary', partner: '' }, false)).toEqual({
      body: { name: 'Food Bank', kind: 'voluntary' },
      errors: [],
    });
    expect(parseOrganisationForm({ name: 'Police', kind: 'police', partner: '', active: 'no' }, true)).toEqual({
      body: { name: 'Police', kind: 'police', partner: null, active: false },
      errors: [],
    });
  });

  it('a user form with nothing filled in names every required field', () => {
    const parsed = parseUserForm({}, false);
    expect(parsed.body).toBeUndefined();
    expect(parsed.errors.map((e) => [e.field, e.href, e.text])).toEqual([
      ['name', '#name', 'Enter the person’s full name'],
      ['email', '#email', 'Enter an email address'],
      ['role', '#role', 'Select a role'],
    ]);
  });

  it('a user form: disabled is a yes/no, organisation removed when emptied', () => {
    expect(
      parseUserForm({ name: 'A', email: 'a@b.org', role: 'viewer', organisationId: '', partner: '', disabled: 'yes' }, true).body,
    ).toEqual({
      name: 'A',
      email: 'a@b.org',
      role: 'viewer',
      organisationId: null,
      partner: null,
      disabled: true,
    });
  });

  it('the settings form: empty lengths are defaults; a moved clock start is kept; words are refused', () => {
    const values = {
      name: 'North',
      referencePrefix: 'NTH',
      reportingYearStartMonth: '4',
      dueSoonWorkingDays: '',
      'clock-agency-returns': '8',
      'clock-rapid-review': '',
    };
    expect(parseSettingsForm(values, { 'rapid-review': { startsFrom: 'la-aware' } })).toEqual({
      body: {
        name: 'North',
        referencePrefix: 'NTH',
        reportingYearStartMonth: 4,
        dueSoonWorkingDays: null,
        themes: null,
        clockOverrides: { 'rapid-review': { startsFrom: 'la-aware' }, 'agency-returns': { length: 8 } },
      },
      errors: [],
    });
    // themes: one a line, blank lines dropped
    expect(parseSettingsForm({ ...values, themes: 'neglect\r\n\n domestic abuse ' }).body?.['themes']).toEqual([
      'neglect',
      'domestic abuse',
    ]);
    const refused = parseSettingsForm({ ...values, 'clock-agency-returns': 'ten' });
    expect(refused.body).toBeUndefined();
    expect(refused.errors).toEqual([
      {
        field: 'clock-agency-returns',
        href: '#clock-agency-returns',
        text: 'Agency information returns in must be a whole number, like 5',
      },
    ]);
  });

  it('the service’s field errors land on the form’s fields', () => {
    const errors = formErrorsFrom(
      [
        { path: 'body.clockOverrides.rapid-review.length', code: 'custom', message: 'rapid-review is set by guidance at 15 working days' },
        { path: 'body.referencePrefix', code: 'invalid_format', message: 'must be 2 to 10 capital letters' },
      ],
      settingsFields(),
      'fallback',
    );
    expect(errors).toEqual([
      {
        field: 'clock-rapid-review',
        href: '#clock-rapid-review',
        text: 'Rapid review sent to the Panel is set by guidance at 15 working days',
      },
      { field: 'referencePrefix', href: '#referencePrefix', text: 'Must be 2 to 10 capital letters' },
    ]);
  });
});
