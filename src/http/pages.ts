/** Small HTML pages the browser lands on after Atlassian consent. Every value is escaped. */

const escHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export interface Page {
  status: number;
  title: string;
  /** Paragraphs of plain text. */
  lines: string[];
  /** Links or buttons to offer. */
  actions?: Array<{ label: string; href: string; primary?: boolean }>;
  tone: 'success' | 'problem';
}

export function renderPage(p: Page): string {
  const color = p.tone === 'success' ? '#006644' : '#bf2600';
  const actions = (p.actions ?? [])
    .map((a) => `<a class="btn${a.primary ? ' primary' : ''}" href="${escHtml(a.href)}">${escHtml(a.label)}</a>`)
    .join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escHtml(p.title)} · Jira Bridge</title>
<style>
body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#172b4d;line-height:1.5}
h1{font-size:1.4rem;color:${color}} .btn{display:inline-block;margin:.5rem .5rem 0 0;padding:.5rem 1rem;border:1px solid #dfe1e6;border-radius:4px;color:#0052cc;text-decoration:none}
.btn.primary{background:#0052cc;color:#fff;border-color:#0052cc}
</style></head>
<body><h1>${escHtml(p.title)}</h1>
${p.lines.map((l) => `<p>${escHtml(l)}</p>`).join('\n')}
${actions ? `<p>${actions}</p>` : ''}
</body></html>
`;
}
