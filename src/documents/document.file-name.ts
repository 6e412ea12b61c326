/**
 * The name a document is saved under when downloaded: the client's name reduced to letters,
 * digits, spaces, dots, dashes and underscores (no path, no quotes, no control characters, no
 * Unicode tricks such as right-to-left overrides), at most 100 characters, with the extension
 * of the type the content actually is.
 * @example safeFileName('../../etc/Report "final".exe', 'pdf') //=> 'Report final.pdf'
 * @example safeFileName(null, 'docx') //=> 'document.docx'
 */
export function safeFileName(given: string | null | undefined, extension: string): string {
  const base = (given ?? '').split(/[\\/]/).pop() ?? '';
  const withoutExtension = base.replace(/\.[^.]*$/, '');
  const cleaned = withoutExtension
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9 ._-]+/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[ .]+|[ .]+$/g, '')
    .slice(0, 100)
    .trim();
  return `${cleaned || 'document'}.${extension}`;
}

/** A `Content-Disposition: attachment` value for a name made by {@link safeFileName} (already plain ASCII). */
export function attachmentDisposition(fileName: string): string {
  return `attachment; filename="${fileName}"`;
}
