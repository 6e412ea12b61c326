import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readRecordedProvider } from '../../../src/database/pid-file.js';
import { logger } from '../../../src/logging/logger.js';
import { openTestDatabase } from '../../support/test-database.js';
import { runScript } from '../../support/run-script.js';
import { startServiceProcess, type ServiceProcess } from '../../support/service-process.js';
import { TEST_DATA_ROOT } from '../../support/test-env.js';
import { temporaryDataDir } from '../access/access-test-support.js';

// `npm run admin` as an administrator at the server runs it: a separate process, with no seed.
// Most cases use the run's shared database server (MONGODB_URI) and a database of this file's own;
// the last starts the real service on a fresh DATA_DIR and runs the CLI beside it, as the README says.

const data = temporaryDataDir('admin-cli');
let database: Awaited<ReturnType<typeof openTestDatabase>>;

beforeAll(async () => {
  logger.level = 'warn';
  database = await openTestDatabase(import.meta.filename);
});
afterAll(async () => {
  await database?.drop();
  data.remove();
});

const admin = (args: string[]) =>
  runScript('scripts/admin.ts', args, {
    DATA_DIR: data.dir,
    MONGODB_URI: inject('mongoUri'),
    DATABASE_NAME: database.name,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
  });

const collection = (name: string) => database.connection.collection(name);

describe('npm run admin, from nothing', () => {
  it('list on an empty database says there are no partnerships and how to create one', async () => {
    const result = await admin(['list']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^no partnerships yet: npm run -s admin -- partnership create/);
  });

  it('partnership create makes the partnership and records who made it in the change history', async () => {
    const result = await admin([
      'partnership',
      'create',
      '--id',
      'eastmoor',
      '--name',
      'Eastmoor Safeguarding Children Partnership',
      '--prefix',
      'EMR',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^created partnership eastmoor \(EMR\)/);
    expect(await collection('partnerships').findOne({ _id: 'eastmoor' as never })).toMatchObject({
      name: 'Eastmoor Safeguarding Children Partnership',
      referencePrefix: 'EMR',
      reportingYearStartMonth: 4,
    });
    const history = await collection('admin_changes').find({ partnershipId: 'eastmoor' }).toArray();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ resourceType: 'partnership', resourceId: 'eastmoor', action: 'created', actor: { kind: 'cli' } });
    expect(history[0]!['actor'].name).toMatch(/^admin-cli:/);
  });

  it('organisation add and user add set up the first organisation, administrator and agency user', async () => {
    const organisation = await admin([
      'organisation',
      'add',
      '--partnership',
      'eastmoor',
      '--id',
      'eastmoor-police',
      '--name',
      'Eastmoor Constabulary (synthetic)',
      '--kind',
      'police',
      '--partner',
      'police',
    ]);
    expect(organisation.code, organisation.stderr).toBe(0);
    expect(organisation.stdout).toBe('added organisation eastmoor-police (police) to eastmoor\n');

    const first = await admin([
      'user',
      'add',
      '--partnership',
      'eastmoor',
      '--email',
      'First.Admin@Eastmoor.example.org',
      '--name',
      'Fran Admin',
      '--role',
      'admin',
    ]);
    expect(first.code, first.stderr).toBe(0);
    const adminId = /^added user (\S+) \(admin\) to eastmoor$/m.exec(first.stdout)?.[1];
    expect(adminId).toMatch(/^eastmoor-user-[0-9a-f]{10}$/);
    expect(await collection('users').findOne({ _id: adminId as never })).toMatchObject({
      partnershipId: 'eastmoor',
      email: 'first.admin@eastmoor.example.org',
      role: 'admin',
      disabled: false,
    });

    const agency = await admin([
      'user',
      'add',
      '--partnership',
      'eastmoor',
      '--id',
      'eastmoor-pc-1',
      '--email',
      'pc1@eastmoor.example.org',
      '--name',
      'Pat Constable',
      '--role',
      'agency',
      '--organisation',
      'eastmoor-police',
    ]);
    expect(agency.code, agency.stderr).toBe(0);
    expect(await collection('users').findOne({ _id: 'eastmoor-pc-1' as never })).toMatchObject({
      role: 'agency',
      organisationId: 'eastmoor-police',
    });

    const list = await admin(['list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toBe('eastmoor\tEMR\tEastmoor Safeguarding Children Partnership\t1 organisations\t2 users\t1 admins\n');
  });

  it.concurrent.each([
    [
      'a duplicate partnership id',
      ['partnership', 'create', '--id', 'eastmoor', '--name', 'Again', '--prefix', 'EMX'],
      /^admin: There is already a partnership eastmoor\.\n$/,
    ],
    [
      'a reference prefix in use',
      ['partnership', 'create', '--id', 'westmoor', '--name', 'Westmoor', '--prefix', 'EMR'],
      /^admin: Reference prefix EMR is already used by another partnership\.\n$/,
    ],
    [
      'a duplicate organisation id',
      ['organisation', 'add', '--partnership', 'eastmoor', '--id', 'eastmoor-police', '--name', 'Other', '--kind', 'police'],
      /^admin: Organisation id eastmoor-police is already in use\.\n$/,
    ],
    [
      'a duplicate e-mail address',
      ['user', 'add', '--partnership', 'eastmoor', '--email', 'first.admin@eastmoor.example.org', '--name', 'Again', '--role', 'chair'],
      /^admin: This partnership already has a user with the email address first\.admin@eastmoor\.example\.org\.\n$/,
    ],
    [
      'a duplicate user id',
      [
        'user',
        'add',
        '--partnership',
        'eastmoor',
        '--id',
        'eastmoor-pc-1',
        '--email',
        'x@eastmoor.example.org',
        '--name',
        'X',
        '--role',
        'chair',
      ],
      /^admin: User id eastmoor-pc-1 is already in use\.\n$/,
    ],
    [
      'an unknown partnership (user)',
      ['user', 'add', '--partnership', 'nowhere', '--email', 'a@nowhere.example.org', '--name', 'A', '--role', 'admin'],
      /^admin: There is no partnership nowhere\.\n$/,
    ],
    [
      'an unknown partnership (organisation)',
      ['organisation', 'add', '--partnership', 'nowhere', '--id', 'nowhere-school', '--name', 'School', '--kind', 'school'],
      /^admin: There is no partnership nowhere\.\n$/,
    ],
    [
      'an agency user with no organisation',
      ['user', 'add', '--partnership', 'eastmoor', '--email', 'b@eastmoor.example.org', '--name', 'B', '--role', 'agency'],
      /^admin: organisationId: an agency user must belong to an organisation\n$/,
    ],
    [
      'a partner lead with no organisation',
      [
        'user',
        'add',
        '--partnership',
        'eastmoor',
        '--email',
        'c@eastmoor.example.org',
        '--name',
        'C',
        '--role',
        'partner-lead',
        '--partner',
        'police',
      ],
      /^admin: organisationId: a partner-lead user must belong to an organisation\n$/,
    ],
    [
      'an organisation of no such id',
      [
        'user',
        'add',
        '--partnership',
        'eastmoor',
        '--email',
        'd@eastmoor.example.org',
        '--name',
        'D',
        '--role',
        'agency',
        '--organisation',
        'eastmoor-school',
      ],
      /^admin: There is no organisation eastmoor-school in this partnership\.\n$/,
    ],
    [
      'an unknown role',
      ['user', 'add', '--partnership', 'eastmoor', '--email', 'e@eastmoor.example.org', '--name', 'E', '--role', 'root'],
      /^admin: role: /,
    ],
    [
      'a bad reference prefix',
      ['partnership', 'create', '--id', 'southmoor', '--name', 'Southmoor', '--prefix', 'sm'],
      /^admin: referencePrefix: must be 2 to 10 capital letters/,
    ],
    ['a missing option', ['partnership', 'create', '--id', 'southmoor', '--name', 'Southmoor'], /^admin: --prefix is required\nUsage:/],
    ['an unknown option', ['list', '--all'], /^admin: Unknown option '--all'/],
    ['an unknown command', ['partnership', 'delete', '--id', 'eastmoor'], /^admin: unknown command "partnership delete"\nUsage:/],
  ])('%s: exit 2, one line on stderr, nothing written', async (_label, args, message) => {
    const result = await admin(args as string[]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('the refused commands changed nothing', async () => {
    expect(await collection('partnerships').countDocuments({})).toBe(1);
    expect(await collection('organisations').countDocuments({})).toBe(1);
    expect(await collection('users').countDocuments({})).toBe(2);
    expect(await collection('admin_changes').countDocuments({})).toBe(4);
  });
});

describe('npm run admin beside a running service on the same DATA_DIR', () => {
  const fresh = temporaryDataDir('admin-cli-service');
  let service: ServiceProcess | undefined;
  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    fresh.remove();
  });

  it('creates a partnership and its first admin, who then reads the partnership through the running service', async () => {
    const provider = readRecordedProvider(TEST_DATA_ROOT);
    const env = {
      DATA_DIR: fresh.dir,
      DATABASE_NAME: 'adopt',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      ...(provider ? { DATABASE_PROVIDER: provider } : {}),
    };
    // Nothing of the test run's server: the CLI must find the service's own embedded server.
    const withoutUri = { ...env, MONGODB_URI: undefined };
    service = await startServiceProcess(env as Record<string, string>);

    const partnership = await runScript(
      'scripts/admin.ts',
      ['partnership', 'create', '--id', 'northmoor', '--name', 'Northmoor SCP', '--prefix', 'NMR'],
      withoutUri,
    );
    expect(partnership.code, partnership.stderr).toBe(0);
    const user = await runScript(
      'scripts/admin.ts',
      ['user', 'add', '--partnership', 'northmoor', '--email', 'admin@northmoor.example.org', '--name', 'Nia Admin', '--role', 'admin'],
      withoutUri,
    );
    expect(user.code, user.stderr).toBe(0);
    const userId = /^added user (\S+) /.exec(user.stdout)![1]!;

    const token = await runScript('scripts/token.ts', ['--partnership', 'northmoor', '--user', userId], withoutUri);
    expect(token.code, token.stderr).toBe(0);
    const response = await fetch(`${service.url}/api/partnership`, {
      headers: { Authorization: `Bearer ${token.stdout.trim()}` },
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 'northmoor', name: 'Northmoor SCP', referencePrefix: 'NMR' });
  }, 240_000);
});
