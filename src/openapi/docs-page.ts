import type { OpenApiDocument } from './openapi-document.js';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Operation {
  summary: string;
  description?: string;
  tags: string[];
  security: unknown[];
  'x-roles'?: string[];
  parameters: { name: string; in: string; required: boolean; description?: string; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
}

/**
 * The API reference as one self-contained HTML page, rendered on the server from the OpenAPI
 * document: no CDN, no script, readable without JavaScript.
 */
export function renderDocsPage(document: OpenApiDocument): string {
  const sections: string[] = [];
  const index: string[] = [];
  let n = 0;
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as Operation;
      const anchor = `op-${++n}`;
      const who = op.security.length === 0 ? 'public' : op['x-roles'] ? op['x-roles'].join(', ') : 'authenticated';
      index.push(`<li><a href="#${anchor}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a> ${escapeHtml(op.summary)}</li>`);
      const parameters = op.parameters.length
        ? `<table><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Required</th><th scope="col">Schema</th></tr></thead><tbody>${op.parameters
            .map(
              (p) =>
                `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code>${p.description ? `<br>${escapeHtml(p.description)}` : ''}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : '<p>No parameters.</p>';
      const body = op.requestBody
        ? `<h4>Request body</h4><pre>${escapeHtml(JSON.stringify(Object.values(op.requestBody.content)[0]?.schema, null, 2))}</pre>`
        : '';
      const responses = `<ul>${Object.entries(op.responses)
        .map(([status, r]) => `<li><strong>${status}</strong> ${escapeHtml(r.description)}</li>`)
        .join('')}</ul>`;
      sections.push(
        `<section id="${anchor}"><h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3><p>${escapeHtml(op.summary)}</p>${
          op.description ? `<p>${escapeHtml(op.description)}</p>` : ''
        }<p>Who: ${escapeHtml(who)}</p><h4>Parameters</h4>${parameters}${body}<h4>Responses</h4>${responses}</section>`,
      );
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference – ${escapeHtml(document.info.title)}</title>
<style>body{font-family:Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#0b0c0c}
code,pre{font-family:Consolas,monospace}pre{background:#f3f2f1;padding:.75rem;overflow:auto}
table{border-collapse:collapse}td,th{border-bottom:1px solid #b1b4b6;padding:.25rem .5rem;text-align:left;vertical-align:top}
section{border-top:2px solid #1d70b8;margin-top:2rem}a{color:#1d70b8}</style></head>
<body><main><h1>${escapeHtml(document.info.title)}</h1><p>${escapeHtml(document.info.description)}</p>
<p>The machine-readable document is at <a href="/api/openapi.json"><code>/api/openapi.json</code></a> (OpenAPI ${document.openapi}).</p>
<h2>Operations</h2><ul>${index.join('')}</ul>${sections.join('')}</main></body></html>`;
}
