/*
 * The one style sheet and the one script of the pages, compiled into the
 * binary: nothing is fetched from elsewhere (no CDN), and the server's
 * Content-Security-Policy can be default-src 'self' because no page
 * carries an inline style or script. Pages work without the script; it
 * only sorts tables marked "sortable" when a header is clicked (the
 * register sorts on the server, through links).
 */
#include "serve/pages_int.h"

static const char css[] =
	":root{--accent:#1f6fb4;--line:#c8ccd0;--muted:#555}\n"
	"*{box-sizing:border-box}\n"
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;margin:0;color:#111;"
	"background:#fff;line-height:1.4}\n"
	"header{background:#0f2d4a;color:#fff}\n"
	"header nav{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1.5em;padding:.5em 1.5em;"
	"max-width:1240px;margin:0 auto}\n"
	"header ul{list-style:none;display:flex;flex-wrap:wrap;gap:.2em 1em;margin:0;padding:0}\n"
	"header a{color:#fff;text-decoration:none}\n"
	"header a:hover,header a:focus{text-decoration:underline}\n"
	"header a[aria-current=page]{border-bottom:2px solid #fff}\n"
	".brand{font-weight:bold;letter-spacing:.03em}\n"
	".who{margin-left:auto;display:flex;gap:.8em;align-items:center}\n"
	"form.inline{display:inline;margin:0}\n"
	"main{max-width:1240px;margin:0 auto;padding:1em 1.5em 2em}\n"
	"footer{max-width:1240px;margin:0 auto;padding:1em 1.5em;color:var(--muted);font-size:.85em;"
	"border-top:1px solid var(--line)}\n"
	"h1{font-size:1.6em;margin:.4em 0}\n"
	"h2{font-size:1.25em;margin:1.4em 0 .4em}\n"
	"p.meta{color:var(--muted);margin-top:-.3em}\n"
	".figures{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}\n"
	".figure{border:1px solid var(--line);border-radius:6px;padding:.7em 1em;min-width:12em;"
	"flex:1 1 12em}\n"
	".figure.key{border-left:5px solid var(--accent)}\n"
	".figure .label{display:block;color:var(--muted);font-size:.9em}\n"
	".figure .value{display:block;font-size:1.9em;font-weight:600;font-variant-numeric:tabular-nums}\n"
	".figures p.note{flex-basis:100%;margin:0}\n"
	".figure small{font-size:.55em;font-weight:normal;color:var(--muted)}\n"
	"div.t{overflow-x:auto;max-width:100%}\n"
	"table{border-collapse:collapse;margin:.5em 0;font-size:.92em}\n"
	"td,th{border:1px solid var(--line);padding:.25em .5em;vertical-align:top}\n"
	"th{background:#f2f4f6;text-align:left;vertical-align:bottom}\n"
	"td.n,th.n{text-align:right}td.n{white-space:nowrap;font-variant-numeric:tabular-nums}\n"
	"tr.total td,tfoot td{font-weight:bold}\n"
	"table.sortable th{cursor:pointer}\n"
	"th[aria-sort=ascending]::after{content:\" \\25B2\"}\n"
	"th[aria-sort=descending]::after{content:\" \\25BC\"}\n"
	"form.filters{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:end;margin:.8em 0}\n"
	"form.status,form.login{display:grid;gap:.5em;max-width:28em;margin:1em 0;padding:1em;"
	"border:1px solid var(--line);border-radius:6px}\n"
	"form.status label,form.login label{display:grid;gap:.2em}\n"
	"input,select,button{font:inherit;padding:.25em .4em}\n"
	"button{background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.35em .9em;"
	"cursor:pointer}\n"
	"header button{background:transparent;border:1px solid #fff;padding:.1em .6em}\n"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}\n"
	"dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}\n"
	"ol.evidence li{font-family:ui-monospace,monospace;font-size:.9em}\n"
	"pre.report{background:#f7f8f9;border:1px solid var(--line);padding:.8em;overflow-x:auto;"
	"font-size:.85em}\n"
	".error{color:#a40000}\n"
	"div.headline{font-size:1.15em;border-left:4px solid var(--accent);padding:.3em .8em;"
	"margin:1em 0;background:#f3f7fb}\n"
	"svg{max-width:100%;height:auto}\n"
	"p.note{font-size:.9em;color:#333}\n"
	"nav.pages{display:flex;gap:1em;margin:.5em 0}\n"
	"@media print{header,footer,form{display:none}}\n";

/* Sort a table.sortable by the clicked column: numbers as numbers (either
 * language's grouping), text by the page's language. */
static const char js[] =
	"'use strict';\n"
	"(function () {\n"
	"  var lang = document.documentElement.lang || 'en';\n"
	"  function num(s) {\n"
	"    var t = s.replace(/[\\s\\u00a0*+]/g, '').replace(/\\u2212/g, '-');\n"
	"    t = lang === 'da' ? t.replace(/\\./g, '').replace(',', '.') : t.replace(/,/g, '');\n"
	"    return /^-?\\d+(\\.\\d+)?$/.test(t) ? parseFloat(t) : NaN;\n"
	"  }\n"
	"  function sortBy(table, th, col) {\n"
	"    var body = table.tBodies[0];\n"
	"    if (!body) return;\n"
	"    var asc = th.getAttribute('aria-sort') !== 'ascending';\n"
	"    var rows = Array.prototype.slice.call(body.rows);\n"
	"    rows.sort(function (a, b) {\n"
	"      var x = a.cells[col] ? a.cells[col].textContent : '';\n"
	"      var y = b.cells[col] ? b.cells[col].textContent : '';\n"
	"      var nx = num(x), ny = num(y), r;\n"
	"      r = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y, lang);\n"
	"      return asc ? r : -r;\n"
	"    });\n"
	"    rows.forEach(function (r) { body.appendChild(r); });\n"
	"    Array.prototype.forEach.call(th.parentNode.cells, function (c) {\n"
	"      c.removeAttribute('aria-sort');\n"
	"    });\n"
	"    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');\n"
	"  }\n"
	"  document.querySelectorAll('table.sortable').forEach(function (table) {\n"
	"    if (!table.tHead) return;\n"
	"    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {\n"
	"      th.tabIndex = 0;\n"
	"      th.addEventListener('click', function () { sortBy(table, th, col); });\n"
	"      th.addEventListener('keydown', function (e) {\n"
	"        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(table, th, col); }\n"
	"      });\n"
	"    });\n"
	"  });\n"
	"})();\n";

enum vs_err pages_css(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	(void)rq, (void)err;
	rs->content_type = "text/css; charset=utf-8";
	strbuf_add(&rs->body, css, sizeof(css) - 1);
	return VS_OK;
}

enum vs_err pages_js(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	(void)rq, (void)err;
	rs->content_type = "text/javascript; charset=utf-8";
	strbuf_add(&rs->body, js, sizeof(js) - 1);
	return VS_OK;
}
