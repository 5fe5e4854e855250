/**
 * The dashboard's stylesheet, inlined (a nonce on the page, plain in a saved report): screen and
 * print. Printing drops the sign-in form and the controls, keeps sections whole on a page and
 * prints black on white, so a regulator can file the report on paper or as a PDF.
 * Logical properties (`inline-start`) make one stylesheet serve left-to-right and right-to-left.
 */
export const DASHBOARD_CSS = `
:root { font-family: system-ui, "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", sans-serif; color: #1b1b1b; background: #fafafa; }
body { margin: 0 auto; max-width: 980px; padding: 1rem 1.5rem 3rem; line-height: 1.45; }
header h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.period, .generated { margin: .15rem 0; color: #444; }
.hijri { color: #5a4a00; }
section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .75rem 1rem; margin: 1rem 0; }
section h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: .5rem; margin: 0; }
.figures div { border-inline-start: 4px solid #1f6f8b; padding-inline-start: .5rem; }
.figures dt { font-size: .85rem; color: #444; }
.figures dd { margin: 0; font-size: 1.35rem; font-weight: 600; }
svg.chart { width: 100%; height: auto; max-height: 240px; }
.legend { list-style: none; display: flex; gap: 1rem; padding: 0; margin: .25rem 0; font-size: .85rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .25rem .4rem; text-align: start; }
td.num { text-align: end; font-variant-numeric: tabular-nums; }
td:first-child { white-space: nowrap; }
details summary { cursor: pointer; color: #1f6f8b; margin: .25rem 0; }
.empty { color: #666; font-style: italic; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin: .5rem 0 1rem; }
.controls label { display: flex; flex-direction: column; font-size: .85rem; }
.controls input[type=password] { min-width: 22rem; }
.hint { font-size: .8rem; color: #555; }
.error { color: #a00; font-weight: 600; }
nav.lang { float: inline-end; }
@media print {
  :root { background: #fff; }
  body { max-width: none; padding: 0; }
  .controls, nav.lang, .hint, #login { display: none !important; }
  section { break-inside: avoid; border: none; padding: 0; }
  details { display: block; }
  details > summary { display: none; }
  a { color: inherit; text-decoration: none; }
}
`;
