import { createHash } from 'node:crypto';
import { escapeMarkup } from '../markup.js';
import { MAP_DEFS, MAP_STYLE } from '../map/style.js';

/**
 * One self-contained HTML document: a single inline <style>, no script, no font, no image, no request to anywhere.
 * The Content-Security-Policy says so to the browser too: only the style whose hash it names may apply.
 */
const PAGE_STYLE = `
:root{color-scheme:light dark;--ink:#1b1f24;--muted:#57606a;--paper:#fff;--panel:#f6f8fa;--line:#d0d7de;--error:#b3261e;--warning:#8a5a00;--info:#0b5cad;--ok:#1a7f37;--code:#eff2f5}
@media (prefers-color-scheme:dark){:root{--ink:#e6edf3;--muted:#9da7b3;--paper:#0d1117;--panel:#161b22;--line:#30363d;--error:#ff7b72;--warning:#e3b341;--info:#79c0ff;--ok:#56d364;--code:#1f2630}}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:1280px;margin:0 auto;padding:16px 20px 40px}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.6em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}h3{font-size:1.05em;margin:.2em 0}
.meta{color:var(--muted);margin:.2em 0}
code,pre{font-family:"DejaVu Sans Mono","Liberation Mono",ui-monospace,monospace;font-size:.9em}
pre{background:var(--code);border:1px solid var(--line);border-radius:4px;padding:8px 10px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere;user-select:all}
pre.evidence{user-select:text;max-height:24em;overflow:auto}
.areas{list-style:none;padding:0;margin:.5em 0}
.areas li{padding:6px 10px;border:1px solid var(--line);border-radius:4px;margin:4px 0;background:var(--panel)}
.mark{display:inline-block;min-width:2.2em;font-weight:bold;font-family:"DejaVu Sans Mono",monospace}
.mark-x,.sev-error{color:var(--error)}.mark-warn,.sev-warning{color:var(--warning)}.mark-ok{color:var(--ok)}.sev-info{color:var(--info)}
.finding{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:4px;padding:10px 14px;margin:10px 0;background:var(--panel);break-inside:avoid}
.finding.error{border-left-color:var(--error)}.finding.warning{border-left-color:var(--warning)}.finding.info{border-left-color:var(--info)}
.finding .rule{font-family:"DejaVu Sans Mono",monospace;font-weight:bold}
.finding .where{font-family:"DejaVu Sans Mono",monospace;color:var(--muted);overflow-wrap:anywhere}
.finding p{margin:.4em 0;overflow-wrap:anywhere}
.label{font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.92em}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--panel)}
tr:target,tr:target td{background:rgba(255,200,0,.25)}
.status-broken{color:var(--error);font-weight:bold}.status-works{color:var(--ok);font-weight:bold}
.map{margin:.5em 0}
.map svg.address-map{display:block;max-width:100%;height:auto}
.map svg.narrow{display:none}
.defs{position:absolute;width:0;height:0;overflow:hidden}
.conflicts li{color:var(--error);overflow-wrap:anywhere}
.conflicts li:target{outline:2px solid var(--error)}
.table-scroll{overflow-x:auto}
@media (max-width:700px){main{padding:10px}body{font-size:14px}.map svg.wide{display:none}.map svg.narrow{display:block}th,td{padding:3px 4px}}
@media print{body{background:#fff;color:#000}main{max-width:none;padding:0}.map svg.narrow{display:none}.map svg.wide{display:block;width:100%}pre{white-space:pre-wrap;max-height:none}.finding,.areas li{background:none}a{color:inherit;text-decoration:none}}
`;

export interface PageOptions {
  title: string;
  body: string;
}

export function renderPage({ title, body }: PageOptions): string {
  const style = `${PAGE_STYLE}${MAP_STYLE}`;
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  const policy = `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; font-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeMarkup(title)}</title>
<style>${style}</style>
</head>
<body>
<svg class="address-map defs" aria-hidden="true" focusable="false">${MAP_DEFS}</svg>
<main>
${body}
</main>
</body>
</html>
`;
}
