/**
 * A strict RFC 4180 reader for tests: written apart from src/shared/csv.ts so the writer is checked
 * against an independent reading. Records must end with CRLF (a bare CR or LF outside quotes is an
 * error), a quote may only open a field and must close it, and the text must end with CRLF.
 * The caller strips the BOM first.
 */
export function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += text[i];
        i += 1;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`a quote inside an unquoted field at ${i}`);
        field += text[i];
        i += 1;
      }
    }
    record.push(field);
    if (text[i] === ',') {
      i += 1;
      if (i >= text.length) throw new Error('text ends after a comma');
      continue;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') {
      records.push(record);
      record = [];
      i += 2;
      continue;
    }
    if (i >= text.length) throw new Error('the last record is not ended by CRLF');
    throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i} (records end with CRLF)`);
  }
  return records;
}
