/** The console's one stylesheet, served from /console/assets/console.css: no CDN, no build step. */
export const CONSOLE_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; --bad: #a40e26; --good: #116329; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: var(--ink); background: #f6f8fa; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
header nav { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.brand { font-weight: 600; color: var(--ink); text-decoration: none; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f5a623; outline-offset: 2px; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1.05rem; }
section.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef1f4; }
.muted { color: var(--muted); }
.notice { padding: .6rem .8rem; border-radius: 6px; margin: 1rem 0; border: 1px solid; }
.notice.ok { background: #dafbe1; border-color: var(--good); }
.notice.error { background: #ffebe9; border-color: var(--bad); }
form.action { display: grid; gap: .4rem; max-width: 32rem; margin: .6rem 0 1rem; padding: .6rem; border: 1px dashed var(--line); }
form.inline { display: inline-flex; gap: .5rem; align-items: center; }
label { font-weight: 600; }
input, select, textarea, button { font: inherit; padding: .3rem .5rem; }
button { background: var(--accent); color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
a.button { display: inline-block; padding: .4rem .8rem; background: var(--accent); color: #fff; border-radius: 4px; text-decoration: none; }
details summary { cursor: pointer; color: var(--accent); }
.kind { font-family: ui-monospace, monospace; font-size: .9em; }
.bad { color: var(--bad); } .good { color: var(--good); }
nav.queues, nav.pager { display: flex; flex-wrap: wrap; gap: 1rem; margin: .8rem 0; }
svg.chart { display: block; max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); margin: .6rem 0; }
svg .bar { fill: var(--accent); } svg .bar.good { fill: var(--good); } svg .bar.bad { fill: var(--bad); }
svg .chart-label { fill: var(--ink); font: 13px system-ui, sans-serif; }
`;
