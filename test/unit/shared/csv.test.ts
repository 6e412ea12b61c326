import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_CONTENT_TYPE, csvAttachment, csvField, csvRecord, neutraliseFormula, toCsv, UTF8_BOM } from '../../../src/shared/csv.js';
import { readCsv } from './csv-reader.js';

describe('csvField: RFC 4180 quoting', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line 1\nline 2', '"line 1\nline 2"'],
    ['line 1\r\nline 2', '"line 1\r\nline 2"'],
    ['', ''],
    ['Children’s Services – é', 'Children’s Services – é'],
    [' =not a formula (leading space)', ' =not a formula (leading space)'],
  ])('%j is written %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('csvField: formula-injection defence', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tTabbed', "'\tTabbed"],
    // Prefixed, then quoted because it holds a CR.
    ['\rreturn', '"\'\rreturn"'],
    // Prefixed, then quoted because it holds a comma and quotes.
    ['=HYPERLINK("http://x.example","click"),', '"\'=HYPERLINK(""http://x.example"",""click""),"'],
  ])('%j is written %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('leaves numbers, booleans and dates alone (they cannot hold a formula)', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(0)).toBe('0');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(false)).toBe('false');
    expect(csvField(new Date('2025-03-03T10:00:00Z'))).toBe('2025-03-03T10:00:00.000Z');
    expect(csvField(new Date('not a date'))).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('neutraliseFormula prefixes only the dangerous first characters', () => {
    expect(neutraliseFormula('=x')).toBe("'=x");
    expect(neutraliseFormula('x=1')).toBe('x=1');
    expect(neutraliseFormula("'already quoted")).toBe("'already quoted");
  });
});

describe('records and files', () => {
  it('ends every record with CRLF', () => {
    expect(csvRecord(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });

  it('writes the BOM, the header and one record per row', () => {
    const csv = toCsv(
      [
        { header: 'Name', value: (row: { name: string; count: number }) => row.name },
        { header: 'Count', value: (row: { name: string; count: number }) => row.count },
      ],
      [
        { name: 'x', count: 1 },
        { name: 'y,z', count: -2 },
      ],
    );
    expect(csv).toBe('\uFEFFName,Count\r\nx,1\r\n"y,z",-2\r\n');
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('writes only the header when there are no rows', () => {
    expect(toCsv([{ header: 'A', value: () => 'x' }], [])).toBe('\uFEFFA\r\n');
  });

  it('names a download safely', () => {
    expect(csvAttachment('actions-2025-03-03')).toBe('attachment; filename="actions-2025-03-03.csv"');
    expect(csvAttachment('a b/c"\r\nd')).toBe('attachment; filename="a-b-c-d.csv"');
    expect(csvAttachment('')).toBe('attachment; filename="export.csv"');
    expect(CSV_CONTENT_TYPE).toBe('text/csv; charset=utf-8; header=present');
  });
});

describe('round trip through an independent RFC 4180 reader', () => {
  it('the reader itself reads hand-written CSV', () => {
    expect(readCsv('a,"b,c",""""\r\n,x\r\n')).toEqual([
      ['a', 'b,c', '"'],
      ['', 'x'],
    ]);
    expect(() => readCsv('a\nb\r\n')).toThrow(/CRLF/);
    expect(() => readCsv('a,b')).toThrow(/CRLF/);
    expect(() => readCsv('a"b\r\n')).toThrow(/quote/);
  });

  it('any text survives, formula-like text with its quote prefix', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\r', '\n', '\t', '=', '+', '-', '@', "'", 'é', '’', '😀'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 5 }), (rows) => {
        const width = Math.max(1, ...rows.map((row) => row.length));
        const columns = Array.from({ length: width }, (_, index) => ({ header: `c${index}`, value: (row: string[]) => row[index] ?? '' }));
        const csv = toCsv(columns, rows);
        expect(csv.startsWith(UTF8_BOM)).toBe(true);
        const read = readCsv(csv.slice(1));
        expect(read[0]).toEqual(columns.map((column) => column.header));
        const expected = rows.map((row) =>
          columns.map((_, index) => {
            const value = row[index] ?? '';
            return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
          }),
        );
        expect(read.slice(1)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
