/** The statutory calendar: calendar dates, bank holidays, working days, clock rules and clock state. */
export * from './calendar-date.js';
export * from './bank-holidays.js';
export * from './working-days.js';
export * from './clock-rules.js';
export * from './clock-state.js';
