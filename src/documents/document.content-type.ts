import { unzipSync } from 'fflate';

/**
 * Which file types a document may be, decided from the bytes alone (magic numbers and, for Office
 * files, the package's own content types): never from the name or the type the client declared,
 * so an executable renamed `report.pdf` is refused. Pure: no I/O.
 */

export type AllowedType = 'pdf' | 'docx' | 'xlsx' | 'png' | 'jpeg' | 'text';

export interface Recognised {
  type: AllowedType;
  /** The Content-Type the file is served with. */
  contentType: string;
  /** The extension the served file name carries, so the name always matches the content. */
  extension: string;
}

export type Recognition = { ok: true; file: Recognised } | { ok: false; reason: string };

export const ALLOWED_TYPES_TEXT = 'PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, plain text or CSV';

const PDF = Buffer.from('%PDF-', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const DOCX_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const XLSX_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
/** `[Content_Types].xml` is a few kilobytes; more than this is not an Office file we accept. */
const CONTENT_TYPES_MAX_BYTES = 256 * 1024;

const startsWith = (bytes: Buffer, magic: Buffer) => bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);

/**
 * @example recognise(Buffer.from('%PDF-1.7 ...'), 'x.pdf') //=> { ok: true, file: { type: 'pdf', contentType: 'application/pdf', extension: 'pdf' } }
 * @example recognise(Buffer.from('MZ\x90\x00...'), 'x.pdf') //=> { ok: false, reason: '...' }
 * @param fileName only chooses between text/plain and text/csv, both plain text: it never admits a type.
 */
export function recognise(bytes: Buffer, fileName: string | null): Recognition {
  if (bytes.length === 0) return { ok: false, reason: 'The file is empty.' };
  if (startsWith(bytes, PDF)) return accepted('pdf', 'application/pdf', 'pdf');
  if (startsWith(bytes, PNG)) return accepted('png', 'image/png', 'png');
  if (startsWith(bytes, JPEG)) return accepted('jpeg', 'image/jpeg', 'jpg');
  if (startsWith(bytes, ZIP)) return recogniseOfficePackage(bytes);
  const text = recogniseText(bytes);
  if (text === true) {
    const csv = /\.csv$/i.test(fileName ?? '');
    return accepted('text', csv ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8', csv ? 'csv' : 'txt');
  }
  return { ok: false, reason: text === false ? `This kind of file is not accepted. Upload ${ALLOWED_TYPES_TEXT}.` : text };
}

function accepted(type: AllowedType, contentType: string, extension: string): Recognition {
  return { ok: true, file: { type, contentType, extension } };
}

/** A Word or Excel file is a zip whose `[Content_Types].xml` names the main part; macro-enabled files are refused. */
function recogniseOfficePackage(bytes: Buffer): Recognition {
  let contentTypes: string;
  try {
    const entries = unzipSync(bytes, {
      filter: (entry) => entry.name === '[Content_Types].xml' && entry.originalSize <= CONTENT_TYPES_MAX_BYTES,
    });
    const entry = entries['[Content_Types].xml'];
    if (!entry) return { ok: false, reason: `This zip file is not a Word or Excel document. Upload ${ALLOWED_TYPES_TEXT}.` };
    contentTypes = new TextDecoder('utf-8', { fatal: true }).decode(entry);
  } catch {
    return { ok: false, reason: 'The file looks like a Word or Excel document but could not be read.' };
  }
  if (/macroEnabled|vbaProject/i.test(contentTypes))
    return { ok: false, reason: 'Documents with macros are not accepted. Save it as a .docx or .xlsx without macros.' };
  if (contentTypes.includes(DOCX_MAIN))
    return accepted('docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx');
  if (contentTypes.includes(XLSX_MAIN))
    return accepted('xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx');
  return { ok: false, reason: `This Office file is not a Word (.docx) or Excel (.xlsx) document. Upload ${ALLOWED_TYPES_TEXT}.` };
}

/**
 * Plain text: valid UTF-8 with no control characters other than tab, line feed, form feed and
 * carriage return. Scripts (`#!`) and HTML are refused even though they are text: they are not
 * what a review needs and would be dangerous if a browser or a desktop ever ran them.
 * @returns true for acceptable text, false for binary, or the reason a text file is refused.
 */
function recogniseText(bytes: Buffer): true | false | string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return false;
  const start = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 200)
    .toLowerCase();
  if (start.startsWith('#!')) return 'Scripts are not accepted.';
  if (/^<(!doctype html|html|script|svg|\?xml)/.test(start))
    return `Web pages, SVG and XML files are not accepted. Upload ${ALLOWED_TYPES_TEXT}.`;
  return true;
}
