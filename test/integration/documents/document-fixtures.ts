import { randomBytes } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import type { ApiTestContext } from '../../support/api-fixture.js';

/**
 * Synthetic files for document tests: each made here from its format's own opening bytes, so
 * what a test expects of them (accepted, refused) follows from the bytes, not from a name.
 */

/** A small but well-formed PDF (one empty page). */
export function pdfBytes(marker = 'synthetic'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n% ${marker}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

/** A Windows executable's opening (MZ header, PE offset, NULs): what a renamed .exe looks like. */
export function executableBytes(): Buffer {
  const bytes = Buffer.alloc(1024);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  randomBytes(512).copy(bytes, 0x100);
  return bytes;
}

/** A GIF image: a real format, but not one on the list. */
export function gifBytes(): Buffer {
  return Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00]), randomBytes(64)]);
}

function officePackage(mainContentType: string, mainPart: string, extra: Record<string, Uint8Array> = {}): Buffer {
  const types = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${mainPart}" ContentType="${mainContentType}"/></Types>`;
  return Buffer.from(zipSync({ '[Content_Types].xml': strToU8(types), [mainPart]: strToU8('<document/>'), ...extra }));
}

export const docxBytes = () =>
  officePackage('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', 'word/document.xml');
export const docmBytes = () =>
  officePackage('application/vnd.ms-word.document.macroEnabled.main+xml', 'word/document.xml', {
    'word/vbaProject.bin': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]),
  });

/** Uploads `bytes` as `fileName` (declared type `declaredType`) to a case, as `as`. */
export async function uploadDocument(
  api: ApiTestContext,
  as: string,
  caseId: string,
  file: { bytes: Buffer; fileName: string; declaredType?: string },
  fields: Record<string, string> = { kind: 'other' },
  path = `/api/cases/${caseId}/documents`,
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([file.bytes], { type: file.declaredType ?? 'application/pdf' }), file.fileName);
  const response = await fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await api.token(as)}`, ...headers },
    body: form,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export async function downloadDocument(api: ApiTestContext, as: string, documentId: string, version?: number) {
  const response = await fetch(`${api.baseUrl}/api/documents/${documentId}/content${version ? `?version=${version}` : ''}`, {
    headers: { Authorization: `Bearer ${await api.token(as)}` },
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Opens a serious-incident case and asks the police and the school for information (so they see it). */
export async function openCase(
  api: ApiTestContext,
  as = 'north-business-unit',
  children: unknown[] = [{ ageBand: '1-4', sex: 'female', legalStatus: ['child-protection-plan'] }],
): Promise<{ id: string; version: number }> {
  const partnership = as.split('-')[0]!;
  const response = await api.call('POST', '/api/cases', {
    as,
    body: {
      route: 'serious-incident',
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      children,
      laArea: 'Northshire',
      agencies: [`${partnership}-police`, `${partnership}-school`],
    },
  });
  if (response.status !== 201) throw new Error(`case not opened: ${response.status} ${JSON.stringify(response.body)}`);
  const requested = await api.call('POST', `/api/cases/${response.body.id}/events`, {
    as,
    body: { type: 'agency-information.requested', agencies: [`${partnership}-police`, `${partnership}-school`] },
    headers: { 'If-Match': `"${response.body.version}"` },
  });
  if (requested.status !== 200) throw new Error(`information not requested: ${requested.status} ${JSON.stringify(requested.body)}`);
  return { id: response.body.id, version: requested.body.case.version };
}
