#!/usr/bin/env node
// table.mjs — prints lspbench results (the JSON files given as arguments) as
// the Markdown table of the README's Performance section.
import fs from 'node:fs';

const rows = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
const ms = (v) => (v === null || v === undefined ? '—' : `${Math.round(v * 10) / 10}`);
const p = (list, k) => (list && list.length ? ms(list[0][k]) : '—');
console.log('| run | open → first diagnostics (ms) | edit → diagnostics p50 / p95 (ms) | completion p95 (ms) | hover p95 (ms) | peak RSS (MB) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const e = r.edits || {};
  const rss = r.server && r.server.peak_rss_kb ? Math.round(r.server.peak_rss_kb / 1024) : '—';
  console.log(`| ${r.label} | ${ms(r.open_to_first_diagnostics_ms)} | ${ms(e.p50)} / ${ms(e.p95)} | ${p(r.completion, 'p95')} | ${p(r.hover, 'p95')} | ${rss} |`);
}
