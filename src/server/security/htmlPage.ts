/**
 * The few server-rendered pages (share landing, passcode, link errors, first-admin setup): plain
 * HTML forms, no script at all (the CSP forbids inline script), styled by one static file.
 */
export const PAGES_CSS_PATH = '/s/pages.css';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Marks text as already-safe HTML (built only from escaped pieces in this module's callers). */
export interface Html {
  readonly html: string;
}

export function html(strings: TemplateStringsArray, ...values: (string | number | Html | Html[])[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    if (Array.isArray(value)) out += value.map((v) => v.html).join('');
    else if (typeof value === 'object') out += value.html;
    else out += escapeHtml(String(value));
    out += strings[i + 1]!;
  });
  return { html: out };
}

export function renderPage(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · SecondRead</title>
<link rel="stylesheet" href="${PAGES_CSS_PATH}">
</head>
<body>
<main class="card">
<p class="brand">SecondRead</p>
${body}
</main>
</body>
</html>
`.html;
}

/** "12 March 2025, 14:05 UTC": unambiguous for readers in any locale. */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}
