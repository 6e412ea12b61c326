/**
 * Benchmark (not a test): computes every clock in the table for 100,000 awareness dates spread over
 * 2019–2026 and prints clock computations per second.
 *
 *   npx tsx scripts/bench-clocks.ts [count]
 */
import {
  CLOCK_RULES,
  clockStatusOn,
  computeDueOn,
  defaultHolidayCalendar,
  fromDayNumber,
  startClock,
  toDayNumber,
} from '../src/calendar/index.js';

const count = Number(process.argv[2] ?? 100_000);
const first = toDayNumber('2019-01-01');
const last = toDayNumber('2026-12-31');
const span = last - first + 1;
// Deterministic spread: a fixed stride co-prime with the span, so every date in the span is used.
const dates: string[] = [];
for (let i = 0; i < count; i++) dates.push(fromDayNumber(first + ((i * 7919) % span)));

const cal = defaultHolidayCalendar;
function run(): { clocks: number; checksum: number } {
  let clocks = 0;
  let checksum = 0;
  for (const d of dates) {
    for (const rule of CLOCK_RULES) {
      const due = computeDueOn(rule, d, cal);
      checksum += due.charCodeAt(9);
      clocks++;
    }
  }
  return { clocks, checksum };
}

run(); // warm-up (also builds the working-day index)
const t0 = process.hrtime.bigint();
const { clocks, checksum } = run();
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(
  `${count.toLocaleString('en-GB')} awareness dates × ${CLOCK_RULES.length} clocks = ${clocks.toLocaleString('en-GB')} clock computations ` +
    `in ${seconds.toFixed(3)} s: ${Math.round(clocks / seconds).toLocaleString('en-GB')} clocks/second (checksum ${checksum})`,
);

// The same dates through the full clock path: start the clock and read its status on the anchor day.
function runState(): number {
  let n = 0;
  for (const d of dates) {
    for (const rule of CLOCK_RULES) {
      const clock = startClock(rule, d, cal);
      if (clockStatusOn(clock, clock.dueOn < d ? clock.dueOn : d, cal) !== 'met') n++;
    }
  }
  return n;
}
runState();
const t1 = process.hrtime.bigint();
const started = runState();
const s2 = Number(process.hrtime.bigint() - t1) / 1e9;
console.log(
  `startClock + clockStatusOn: ${started.toLocaleString('en-GB')} clocks in ${s2.toFixed(3)} s: ` +
    `${Math.round(started / s2).toLocaleString('en-GB')} clocks/second`,
);
