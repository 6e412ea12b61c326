// `npm run -s admin -- <command>`: sets up a partnership without the demo seed (issue 12):
// creates a partnership, its organisations and its first users, and lists what is there. Works
// while the service runs on the same DATA_DIR (its database server is reused, like `seed` and
// `token`). Every change goes into the partnership's change history as made by `admin-cli:<you>`.
// Exit codes: 0 done; 2 bad arguments, a duplicate, an unknown partnership or a rule the input
// breaks (one line on stderr); 1 anything else (the database could not be reached…).
import os from 'node:os';
import { AppError } from '../src/errors/app-errors.js';
import { createAdminChangeRepository } from '../src/partnerships/admin-change.repository.js';
import type { ChangeActor } from '../src/partnerships/admin-change.model.js';
import { createAdminService } from '../src/partnerships/admin.service.js';
import { ensurePartnershipIndexes } from '../src/partnerships/partnership.model.js';
import { endSessionsOfUser } from '../src/web/session/session.store.js';
import { realClock } from '../src/shared/system-clock.js';
import { ADMIN_USAGE, type AdminCommand, parseAdminCommand } from './admin/admin-args.js';
import { withDatabase } from './support/with-database.js';

let command: AdminCommand;
try {
  command = parseAdminCommand(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`admin: ${(error as Error).message}\n${ADMIN_USAGE}\n`);
  process.exit(2);
}
if (command.command === 'help') {
  process.stdout.write(`${ADMIN_USAGE}\n`);
  process.exit(0);
}

/** One line: the message of a rule the input broke, without a stack. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

await withDatabase(async (database, config) => {
  const connection = database.connection;
  await ensurePartnershipIndexes(connection);
  const changes = createAdminChangeRepository(connection);
  await changes.ensureIndexes();
  const admin = createAdminService({
    connection,
    clock: realClock,
    changes,
    defaultDueSoonWorkingDays: config.DEADLINE_WARNING_WORKING_DAYS,
    endSessions: async (userId) => void (await endSessionsOfUser(connection, userId)),
  });
  const actor: ChangeActor = { kind: 'cli', name: `admin-cli:${os.userInfo().username}` };
  try {
    switch (command.command) {
      case 'list': {
        const partnerships = await admin.listPartnershipsWithCounts();
        if (partnerships.length === 0)
          process.stdout.write('no partnerships yet: npm run -s admin -- partnership create --id <id> --name <name> --prefix <REF>\n');
        for (const p of partnerships) {
          process.stdout.write(
            `${p.id}\t${p.referencePrefix}\t${p.name}\t${p.organisations} organisations\t${p.users} users\t${p.admins} admins\n`,
          );
        }
        return 0;
      }
      case 'partnership create': {
        const created = await admin.createPartnership(actor, {
          id: command.id,
          name: command.name,
          referencePrefix: command.referencePrefix,
        });
        process.stdout.write(
          `created partnership ${created.id} (${created.referencePrefix}); next: npm run -s admin -- user add --partnership ${created.id} --role admin …\n`,
        );
        return 0;
      }
      case 'organisation add': {
        const created = await admin.createOrganisation(actor, command.partnershipId, command.organisation);
        process.stdout.write(`added organisation ${created.id} (${created.kind}) to ${command.partnershipId}\n`);
        return 0;
      }
      case 'user add': {
        const created = await admin.createUser(actor, command.partnershipId, command.user);
        process.stdout.write(`added user ${created.id} (${created.role}) to ${command.partnershipId}\n`);
        return 0;
      }
    }
  } catch (error) {
    // Duplicates (409), an unknown partnership (404), bad values and broken rules (400, 422): the caller's to fix.
    if (error instanceof AppError && error.status < 500) {
      process.stderr.write(`admin: ${oneLine(error.message)}\n`);
      return 2;
    }
    throw error;
  }
});
