import mongoose from 'mongoose';

/**
 * Filters built by this code use query operators on purpose, while mongoose's `sanitizeFilter`
 * (on for every connection) strips operators a client could have smuggled in. sanitizeFilter looks
 * for the trusted mark on each field's value, not on the filter as a whole, so the mark goes on the
 * operator object itself. Only values this code builds are marked; request values are validated
 * strings by the time they reach a filter.
 */

/** Marks one operator object (`{ $lte: date }`) as trusted. */
export const op = <T extends object>(operators: T): T => mongoose.trusted(operators) as T;

/**
 * Marks every operator object of a whole filter as trusted, walking into `$and`/`$or`/`$nor`, for
 * filters assembled from several optional parts.
 */
export function trustOperators<T extends Record<string, unknown>>(filter: T): T {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      for (const part of value as Record<string, unknown>[]) trustOperators(part);
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      op(value);
    }
  }
  return filter;
}
