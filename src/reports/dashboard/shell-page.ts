/**
 * The dashboard page (issue 15, item 4): a static shell served without authentication, because a
 * browser cannot send a bearer header when it navigates. Its one inline script (allowed by a
 * per-request CSP nonce, nothing else) takes the access token from the sign-in form or from the
 * URL fragment (`#token=…`: a fragment never reaches the server, its access log or a proxy),
 * keeps it in this tab's sessionStorage, and fetches the report body, drawn on the server, from
 * the authenticated `/reports/dashboard/view` with the token in the Authorization header. The
 * token never appears in a URL the server sees, so no `?access_token=` is accepted anywhere; the
 * numbers are the report's own, rendered by the same code as `wasl report --format html`.
 */
import { escapeHtml } from './escape.js';
import type { DashboardLabels, Language } from './labels.js';
import { DASHBOARD_CSS } from './styles.js';

export const DASHBOARD_PATH = '/reports/dashboard';
export const DASHBOARD_VIEW_PATH = '/reports/dashboard/view';

export interface ShellOptions {
  readonly labels: DashboardLabels;
  readonly language: Language;
  readonly nonce: { readonly script: string; readonly style: string };
  readonly from: string;
  readonly to: string;
  /** Passed through to the view (`provider|payer|event`), when the page was opened with one. */
  readonly groupBy?: string | undefined;
}

export function dashboardShell(options: ShellOptions): string {
  const { labels, language: lang, nonce } = options;
  const t = (key: string) => escapeHtml(labels.text(key, lang));
  const other: Language = lang === 'ar' ? 'en' : 'ar';
  const switchQuery = new URLSearchParams({ lang: other, from: options.from, to: options.to, ...(options.groupBy ? { groupBy: options.groupBy } : {}) });
  const strings = JSON.stringify({ loading: labels.text('loading', lang), failed: labels.text('failed', lang) }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${t('title.sector')}</title><style nonce="${nonce.style}">${DASHBOARD_CSS}</style></head>
<body data-state="signed-out">
<nav class="lang"><a id="lang-switch" hreflang="${other}" href="${DASHBOARD_PATH}?${escapeHtml(switchQuery.toString())}">${t('language.switch')}</a></nav>
<form id="login" class="controls" autocomplete="off">
<label>${t('login.token')}<input type="password" id="token" name="token" spellcheck="false"></label>
<label>${t('login.from')}<input type="date" id="from" name="from" value="${escapeHtml(options.from)}" required></label>
<label>${t('login.to')}<input type="date" id="to" name="to" value="${escapeHtml(options.to)}" required></label>
<input type="hidden" id="groupBy" value="${escapeHtml(options.groupBy ?? '')}">
<button type="submit">${t('login.show')}</button> <button type="button" id="print">${t('login.print')}</button>
</form>
<p class="hint">${t('login.hint')}</p>
<p id="status" role="status" aria-live="polite"></p>
<div id="report"></div>
<script nonce="${nonce.script}">${pageScript(strings, lang)}</script>
</body></html>
`;
}

/** The page's behaviour; kept small and free of third-party code. */
function pageScript(strings: string, lang: Language): string {
  return `(() => {
  'use strict';
  const TEXT = ${strings};
  const KEY = 'wasl.dashboard.token';
  const $ = (id) => document.getElementById(id);
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has('token')) {
    sessionStorage.setItem(KEY, fragment.get('token'));
    // Out of the address bar and the history, so the token is not shared with the link or a screenshot.
    history.replaceState(null, '', location.pathname + location.search);
  }
  const status = $('status');
  async function show() {
    const token = sessionStorage.getItem(KEY);
    if (!token) { document.body.dataset.state = 'signed-out'; return; }
    document.body.dataset.state = 'loading';
    status.textContent = TEXT.loading;
    status.classList.remove('error');
    const query = new URLSearchParams({ lang: ${JSON.stringify(lang)}, from: $('from').value, to: $('to').value });
    if ($('groupBy').value) query.set('groupBy', $('groupBy').value);
    try {
      const answer = await fetch('${DASHBOARD_VIEW_PATH}?' + query, { headers: { authorization: 'Bearer ' + token, accept: 'text/html' }, cache: 'no-store', credentials: 'omit' });
      if (!answer.ok) {
        const outcome = await answer.json().catch(() => null);
        const issue = outcome && outcome.issue && outcome.issue[0];
        const code = issue && issue.details && issue.details.coding && issue.details.coding[0] ? issue.details.coding[0].code + ': ' : '';
        throw new Error(answer.status + ' ' + code + (issue ? (issue.details.text || issue.diagnostics || '') : ''));
      }
      // The server's own rendering of the report (escaped there); no script runs from it under the CSP.
      $('report').innerHTML = await answer.text();
      const heading = document.querySelector('#report h1');
      if (heading) document.title = heading.textContent;
      // The language link keeps the period on screen (the token is in sessionStorage, never in a link).
      const other = new URLSearchParams($('lang-switch').search);
      other.set('from', $('from').value);
      other.set('to', $('to').value);
      $('lang-switch').search = other.toString();
      status.textContent = '';
      document.body.dataset.state = 'ready';
    } catch (problem) {
      status.textContent = TEXT.failed + ': ' + problem.message;
      status.classList.add('error');
      document.body.dataset.state = 'failed';
    }
  }
  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = $('token').value.trim();
    if (typed) sessionStorage.setItem(KEY, typed);
    $('token').value = '';
    show();
  });
  $('print').addEventListener('click', () => window.print());
  show();
})();`;
}
