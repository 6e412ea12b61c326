/**
 * Where a request's time goes: while on, every driver call the service makes (findOne,
 * findOneAndUpdate, insertOne, cursor toArray for find and aggregate) is counted and timed in this
 * process, from the call to its answer (waiting for a pooled connection included). The driver's
 * own command monitoring cannot be switched on for a connection that is already open, so the
 * driver's prototypes are wrapped for the breakdown run and restored after it.
 */
import { createRequire } from 'node:module';
import * as rootDriver from 'mongodb';

/** mongoose may bring its own copy of the driver (node_modules/mongoose/node_modules/mongodb): wrap every copy. */
function driverCopies(): (typeof rootDriver)[] {
  const fromMongoose = createRequire(createRequire(import.meta.url).resolve('mongoose'))('mongodb') as typeof rootDriver;
  return fromMongoose.Collection === rootDriver.Collection ? [rootDriver] : [rootDriver, fromMongoose];
}

export interface CommandTimes {
  [operation: string]: { count: number; totalMs: number };
}

type Wrapped = { target: Record<string, unknown>; name: string; original: unknown };

export function commandTimer() {
  const times: CommandTimes = {};
  const wrapped: Wrapped[] = [];
  const wrap = (target: object, name: string, label: string) => {
    const prototype = target as Record<string, unknown>;
    const original = prototype[name] as (...args: unknown[]) => Promise<unknown>;
    wrapped.push({ target: prototype, name, original });
    prototype[name] = function timed(this: unknown, ...args: unknown[]) {
      const started = process.hrtime.bigint();
      const record = () => {
        const entry = (times[label] ??= { count: 0, totalMs: 0 });
        entry.count += 1;
        entry.totalMs += Number(process.hrtime.bigint() - started) / 1e6;
      };
      const result = original.apply(this, args);
      return result.finally(record);
    };
  };
  return {
    start(): void {
      for (const driver of driverCopies()) {
        wrap(driver.Collection.prototype, 'findOne', 'findOne');
        wrap(driver.Collection.prototype, 'findOneAndUpdate', 'findOneAndUpdate');
        wrap(driver.Collection.prototype, 'insertOne', 'insertOne');
        wrap(driver.FindCursor.prototype, 'toArray', 'find');
        wrap(driver.AggregationCursor.prototype, 'toArray', 'aggregate');
      }
    },
    stop(): CommandTimes {
      for (const { target, name, original } of wrapped.reverse()) target[name] = original;
      return times;
    },
  };
}
