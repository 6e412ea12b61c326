import { parseArgs } from 'node:util';
import { PARTNERS, ROLES } from '../../src/access/roles.js';
import { ORGANISATION_KINDS } from '../../src/partnerships/organisation.model.js';

/** `npm run admin -- <command>`: what each command takes. Values are checked again by the service. */
export const ADMIN_USAGE = `Usage: npm run -s admin -- <command> [options]
  partnership create --id <id> --name <name> --prefix <REF>
  organisation add   --partnership <id> --id <orgId> --name <name> --kind <kind> [--partner <partner>]
  user add           --partnership <id> --email <email> --name <name> --role <role> [--organisation <orgId>] [--partner <partner>] [--id <userId>]
  list               partnerships, with how many organisations, users and administrators each has
  roles:    ${ROLES.join(' | ')}
  kinds:    ${ORGANISATION_KINDS.join(' | ')}
  partners: ${PARTNERS.join(' | ')}`;

export class UsageError extends Error {}

export type AdminCommand =
  | { command: 'help' }
  | { command: 'list' }
  | { command: 'partnership create'; id: string; name: string; referencePrefix: string }
  | { command: 'organisation add'; partnershipId: string; organisation: { id: string; name: string; kind: string; partner?: string } }
  | {
      command: 'user add';
      partnershipId: string;
      user: { id?: string; email: string; name: string; role: string; organisationId?: string; partner?: string };
    };

type Flags = Record<string, string | boolean | undefined>;

function flags(args: string[], names: string[]): Flags {
  try {
    const options = Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false })
      .values as Flags;
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
}

function required(values: Flags, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

function optional(values: Flags, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The command a command line asks for; throws UsageError (exit 2) for an unknown command, an
 * unknown or missing option.
 * @example parseAdminCommand(['partnership', 'create', '--id', 'north', '--name', 'North SCP', '--prefix', 'NTH'])
 * //=> { command: 'partnership create', id: 'north', name: 'North SCP', referencePrefix: 'NTH' }
 */
export function parseAdminCommand(argv: readonly string[]): AdminCommand {
  const [first, second, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { command: 'help' };
  if (first === 'list') {
    flags(argv.slice(1), []);
    return { command: 'list' };
  }
  const name = `${first} ${second ?? ''}`.trim();
  switch (name) {
    case 'partnership create': {
      const values = flags(rest, ['id', 'name', 'prefix']);
      if (values['help']) return { command: 'help' };
      return { command: name, id: required(values, 'id'), name: required(values, 'name'), referencePrefix: required(values, 'prefix') };
    }
    case 'organisation add': {
      const values = flags(rest, ['partnership', 'id', 'name', 'kind', 'partner']);
      if (values['help']) return { command: 'help' };
      const partner = optional(values, 'partner');
      return {
        command: name,
        partnershipId: required(values, 'partnership'),
        organisation: {
          id: required(values, 'id'),
          name: required(values, 'name'),
          kind: required(values, 'kind'),
          ...(partner ? { partner } : {}),
        },
      };
    }
    case 'user add': {
      const values = flags(rest, ['partnership', 'id', 'email', 'name', 'role', 'organisation', 'partner']);
      if (values['help']) return { command: 'help' };
      const [id, organisationId, partner] = [optional(values, 'id'), optional(values, 'organisation'), optional(values, 'partner')];
      return {
        command: name,
        partnershipId: required(values, 'partnership'),
        user: {
          ...(id ? { id } : {}),
          email: required(values, 'email'),
          name: required(values, 'name'),
          role: required(values, 'role'),
          ...(organisationId ? { organisationId } : {}),
          ...(partner ? { partner } : {}),
        },
      };
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(name)}`);
  }
}
