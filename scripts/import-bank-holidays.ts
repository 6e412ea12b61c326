/**
 * Imports a newer gov.uk bank-holidays.json (given by path; works offline) into the shipped data:
 *
 *   tsx scripts/import-bank-holidays.ts <path-to-bank-holidays.json> [--dry-run]
 *
 * The file is validated; for every England and Wales year it holds, its events replace the shipped
 * ones. Prints the years added and changed. Exit code 1 with a message on a bad file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { mergeBankHolidayFiles, parseBankHolidaysFile } from '../src/calendar/bank-holidays.js';

const TARGET = fileURLToPath(new URL('../src/calendar/data/bank-holidays.json', import.meta.url));

async function main(argv: string[]): Promise<void> {
  const dryRun = argv.includes('--dry-run');
  const paths = argv.filter((a) => a !== '--dry-run');
  if (paths.length !== 1) {
    console.error('usage: tsx scripts/import-bank-holidays.ts <path-to-bank-holidays.json> [--dry-run]');
    process.exitCode = 2;
    return;
  }
  const source = paths[0]!;
  const newer: unknown = JSON.parse(await readFile(source, 'utf8'));
  const base = parseBankHolidaysFile(JSON.parse(await readFile(TARGET, 'utf8')));
  const { file, added, changed } = mergeBankHolidayFiles(base, newer, 'england-and-wales');
  const events = file['england-and-wales']!.events;
  const years = events.map((e) => Number(e.date.slice(0, 4)));
  console.log(`source: ${source}`);
  console.log(`years added: ${added.length ? added.join(', ') : 'none'}`);
  console.log(`years changed: ${changed.length ? changed.join(', ') : 'none'}`);
  console.log(`England and Wales data now covers ${Math.min(...years)}–${Math.max(...years)} (${events.length} holidays)`);
  if (dryRun) {
    console.log('dry run: nothing written');
    return;
  }
  if (added.length === 0 && changed.length === 0) {
    console.log('no change: nothing written');
    return;
  }
  await writeFile(TARGET, `${JSON.stringify(file, null, 2)}\n`, 'utf8');
  console.log(`written: ${TARGET}`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
