import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { recognise } from '../../../src/documents/document.content-type.js';
import { safeFileName } from '../../../src/documents/document.file-name.js';

const zip = (files: Record<string, string>) =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]))));
const types = (main: string) => `<Types><Override PartName="/x" ContentType="${main}"/></Types>`;

describe('recognise: the type comes from the bytes, never the name', () => {
  const table: [string, Buffer, string | null, string | false][] = [
    ['PDF', Buffer.from('%PDF-1.7\n%%EOF'), 'a.exe', 'application/pdf'],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'a.pdf', 'image/png'],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), null, 'image/jpeg'],
    [
      'DOCX',
      zip({ '[Content_Types].xml': types('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml') }),
      'a.zip',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    [
      'XLSX',
      zip({ '[Content_Types].xml': types('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml') }),
      'a.docx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    ['text', Buffer.from('Chronology\r\n2025-03-01\tvisit\n'), 'notes.pdf', 'text/plain; charset=utf-8'],
    ['CSV', Buffer.from('\uFEFFdate,what\n2025-03-01,visit\n'), 'log.CSV', 'text/csv; charset=utf-8'],
    ['Windows executable', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(60)]), 'a.pdf', false],
    ['ELF executable', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(16)]), 'a.pdf', false],
    ['GIF', Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0x80, 0])]), 'a.png', false],
    ['a zip that is not Office', zip({ 'readme.txt': 'hello' }), 'a.docx', false],
    [
      'a macro-enabled Word file',
      zip({ '[Content_Types].xml': types('application/vnd.ms-word.document.macroEnabled.main+xml') }),
      'a.docx',
      false,
    ],
    [
      'a PowerPoint file',
      zip({ '[Content_Types].xml': types('application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml') }),
      'a.docx',
      false,
    ],
    ['a broken zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'a.docx', false],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'a.txt', false],
    ['HTML', Buffer.from('  <html><body>x</body></html>'), 'a.txt', false],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.txt', false],
    ['invalid UTF-8', Buffer.from([0x61, 0xff, 0xfe, 0x62]), 'a.txt', false],
    ['text with NUL bytes', Buffer.from('a\u0000b'), 'a.txt', false],
    ['an empty file', Buffer.alloc(0), 'a.pdf', false],
  ];
  for (const [name, bytes, fileName, expected] of table) {
    it(`${name} → ${expected === false ? 'refused' : expected}`, () => {
      const result = recognise(bytes, fileName);
      if (expected === false) {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
      } else {
        expect(result).toMatchObject({ ok: true, file: { contentType: expected } });
      }
    });
  }
});

describe('safeFileName', () => {
  const table: [string | null, string, string][] = [
    ['../../etc/Report "final".exe', 'pdf', 'Report final.pdf'],
    ['C:\\Users\\x\\minutes.docx', 'docx', 'minutes.docx'],
    ['invoice\u202Efdp.exe', 'pdf', 'invoicefdp.pdf'],
    ['line\r\nbreak.txt', 'txt', 'linebreak.txt'],
    ['...', 'pdf', 'document.pdf'],
    [null, 'docx', 'document.docx'],
    ['a'.repeat(300) + '.pdf', 'pdf', `${'a'.repeat(100)}.pdf`],
  ];
  for (const [given, extension, expected] of table) {
    it(`${JSON.stringify(given)} → ${expected}`, () => expect(safeFileName(given, extension)).toBe(expected));
  }
});
