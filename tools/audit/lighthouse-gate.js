#!/usr/bin/env node
// lighthouse-gate.js: the Lighthouse gate of `make audit` (scripts/audit.sh).
// Plain Node, no dependencies: it only reads Lighthouse's JSON reports.
//
//   node lighthouse-gate.js [--min-performance N] [--ignore PAGE=AUDIT]... REPORT.json...
//
// Reports are grouped by page (the requested URL's path and query). Each page
// needs one report with every category (its accessibility, best-practices and
// SEO scores are gated: each must be 100) and any number of runs with the
// performance category (the median of their scores must be at least N, 90 by
// default). `--ignore /search?q=x=is-crawlable` leaves an audit out of a
// page's category score, computed again the way Lighthouse does (a weighted
// mean of the other audits); the audit's result is still printed.
//
// Prints a table, then every failing category's failing audits with
// Lighthouse's details (elements, snippets, URLs, numbers). Exits 0 if every
// gate passes, 1 if one fails, 2 if the reports are missing or unusable (a
// Lighthouse run that did not finish).
'use strict';

const fs = require('fs');

const GATED = ['accessibility', 'best-practices', 'seo'];
const SHORT = {accessibility: 'a11y', 'best-practices': 'bp', seo: 'seo'};
const METRICS = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['cumulative-layout-shift', 'CLS'],
  ['speed-index', 'SI'],
];
const UNSCORED = new Set(['notApplicable', 'manual', 'informative']);
const MAX_ITEMS = 8;

function unusable(msg) {
  console.error(`lighthouse-gate: ${msg}`);
  process.exit(2);
}

// Arguments.
let minPerf = 90;
const ignore = new Map(); // page -> Set of audit ids
const files = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--min-performance') {
    minPerf = Number(argv[++i]);
    if (!Number.isFinite(minPerf)) unusable('--min-performance needs a number');
  } else if (a === '--ignore') {
    const v = argv[++i] || '';
    const eq = v.lastIndexOf('=');
    if (eq <= 0) unusable(`--ignore wants PAGE=AUDIT, got "${v}"`);
    const page = v.slice(0, eq);
    if (!ignore.has(page)) ignore.set(page, new Set());
    ignore.get(page).add(v.slice(eq + 1));
  } else if (a.startsWith('--')) {
    unusable(`unknown option ${a}`);
  } else {
    files.push(a);
  }
}
if (files.length === 0) unusable('no reports given');

// Reports, grouped by page in the order they come.
const pages = new Map();
for (const file of files) {
  let lhr;
  try {
    lhr = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    unusable(`cannot read ${file}: ${err.message}`);
  }
  if (!lhr || !lhr.categories || !lhr.audits || !lhr.requestedUrl) unusable(`${file} is not a Lighthouse report`);
  if (lhr.runtimeError) unusable(`${file}: Lighthouse failed: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const u = new URL(lhr.requestedUrl);
  const page = u.pathname + u.search;
  if (!pages.has(page)) pages.set(page, {page, full: null, perf: []});
  const p = pages.get(page);
  if (lhr.categories.accessibility) {
    if (p.full) unusable(`two reports with every category for ${page}`);
    p.full = lhr;
  }
  if (lhr.categories.performance) p.perf.push(lhr);
}
for (const p of pages.values()) {
  if (!p.full) unusable(`no report with the accessibility, best-practices and SEO categories for ${p.page}`);
  for (const c of GATED) if (!p.full.categories[c]) unusable(`the report for ${p.page} has no ${c} category`);
  if (p.perf.length === 0) unusable(`no performance run for ${p.page}`);
}
for (const page of ignore.keys()) if (!pages.has(page)) unusable(`--ignore names ${page}, which has no report`);

// Scores.
const pct = s => (s === null || s === undefined ? null : Math.round(s * 100));
const show = s => (s === null ? 'err' : String(s));

// categoryScore recomputes a category's score (0..100, or null when an audit
// with weight errored) without the ignored audits, as Lighthouse's
// ReportScoring.arithmeticMean does: not-applicable, manual and informative
// audits already carry weight 0 in the report.
function categoryScore(lhr, cat, skip) {
  const refs = lhr.categories[cat].auditRefs.filter(r => r.weight > 0 && !skip.has(r.id));
  if (refs.some(r => lhr.audits[r.id].score === null)) return null;
  let sum = 0;
  let weight = 0;
  for (const r of refs) {
    sum += lhr.audits[r.id].score * r.weight;
    weight += r.weight;
  }
  return weight ? Math.round(Math.round((sum / weight) * 100) / 100 * 100) : 100;
}

function fmtMetric(audit) {
  if (!audit) return '-';
  if (audit.displayValue) return audit.displayValue.replace(/\u00a0/g, ' ');
  if (typeof audit.numericValue === 'number') return String(Math.round(audit.numericValue));
  return '-';
}

const results = [];
for (const p of pages.values()) {
  const skip = ignore.get(p.page) || new Set();
  const runs = p.perf.map(lhr => ({lhr, score: pct(lhr.categories.performance.score)}));
  // Median: a run that errored (null) counts as 0. With an even number of runs
  // the lower of the two middle ones is taken.
  const sorted = [...runs].sort((a, b) => (a.score ?? -1) - (b.score ?? -1));
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  const cats = {};
  for (const c of GATED) {
    const own = pct(p.full.categories[c].score);
    const ignored = p.full.categories[c].auditRefs.filter(r => skip.has(r.id)).map(r => r.id);
    cats[c] = {own, score: ignored.length ? categoryScore(p.full, c, skip) : own, ignored};
  }
  results.push({...p, runs, median, cats, skip});
}

// The table.
const notes = [];
const rows = [['page', 'performance runs', 'median', 'a11y', 'bp', 'seo', 'LCP', 'TBT', 'CLS', '']];
for (const r of results) {
  let mark = '';
  const cell = c => {
    const x = r.cats[c];
    if (!x.ignored.length) return show(x.score);
    notes.push(`${r.page}: ${c} without ${x.ignored.join(', ')} (Lighthouse's own score: ${show(x.own)})`);
    return show(x.score) + '*';
  };
  const a11y = cell('accessibility');
  const bp = cell('best-practices');
  const seo = cell('seo');
  const failed = (r.median.score ?? 0) < minPerf || GATED.some(c => r.cats[c].score !== 100);
  if (failed) mark = 'FAIL';
  const m = r.median.lhr.audits;
  rows.push([r.page, r.runs.map(x => show(x.score)).join(' '), show(r.median.score), a11y, bp, seo,
    fmtMetric(m['largest-contentful-paint']), fmtMetric(m['total-blocking-time']), fmtMetric(m['cumulative-layout-shift']), mark]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map(row => row[i].length)));
for (const row of rows) console.log(row.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd());
console.log(`(gates: median performance >= ${minPerf} over the runs; accessibility, best-practices and seo = 100 on the` +
  ` run with every category; LCP, TBT, CLS are the median run's, simulated mobile throttling)`);
for (const n of notes) console.log(`* ${n}`);

// Details of Lighthouse's findings.
const oneLine = (s, max = 200) => {
  s = String(s).replace(/\s+/g, ' ').trim();
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
};

function fmtValue(v, type) {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'object') {
    switch (v.type) {
      case 'node':
        return [v.selector, v.snippet && oneLine(v.snippet, 160), v.nodeLabel && v.nodeLabel !== v.snippet && v.nodeLabel !== v.selector && `"${oneLine(v.nodeLabel, 60)}"`]
          .filter(Boolean).join(' ');
      case 'source-location':
        return `${v.url}:${v.line + 1}:${v.column + 1}`;
      case 'url':
      case 'code':
      case 'text':
        return oneLine(v.value);
      case 'numeric':
        return String(v.value);
      case 'link':
        return `${v.text} <${v.url}>`;
      default:
        if (typeof v.value === 'string' || typeof v.value === 'number') return oneLine(v.value);
        return null;
    }
  }
  switch (type) {
    case 'ms':
    case 'timespanMs':
      return `${Math.round(v)} ms`;
    case 'bytes':
      return `${(v / 1024).toFixed(1)} KiB`;
    case 'numeric':
      return typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v);
    default:
      return oneLine(v);
  }
}

// detailLines turns an audit's details into at most MAX_ITEMS lines.
function detailLines(details, out = []) {
  if (!details || out.length >= MAX_ITEMS) return out;
  switch (details.type) {
    case 'list':
      for (const d of details.items || []) detailLines(d, out);
      break;
    case 'node':
      out.push(fmtValue(details));
      break;
    case 'checklist':
      for (const [k, v] of Object.entries(details.items || {})) if (!v.value) out.push(`${k}: ${v.label}`);
      break;
    case 'table':
    case 'opportunity': {
      const items = details.items || [];
      for (const item of items) {
        if (out.length >= MAX_ITEMS) {
          out.push(`… ${items.length} items in all`);
          break;
        }
        const parts = [];
        for (const h of details.headings || []) {
          if (!h.key) continue;
          const v = fmtValue(item[h.key], h.valueType);
          if (v === null) continue;
          parts.push(h.valueType === 'node' || h.valueType === 'url' || h.valueType === 'source-location' || !h.label ? v : `${h.label}: ${v}`);
          if (h.valueType === 'node' && item[h.key] && item[h.key].explanation) {
            parts.push(`(${oneLine(item[h.key].explanation, 240)})`);
          }
        }
        if (item.subItems && item.subItems.items) {
          const sub = item.subItems.items.slice(0, 3).map(s => Object.values(s).map(x => fmtValue(x)).filter(Boolean).join(' ')).filter(Boolean);
          if (sub.length) parts.push(`[${sub.join('; ')}]`);
        }
        if (parts.length) out.push(parts.join(' | '));
      }
      break;
    }
    default: // debugdata, screenshot, filmstrip, treemap-data, network-tree…
      break;
  }
  return out;
}

function printAudit(audit, extra = '') {
  const score = audit.score === null ? 'error' : `score ${audit.score}`;
  const dv = audit.displayValue ? `: ${oneLine(audit.displayValue)}` : '';
  console.log(`    - ${audit.id} (${score}${extra}) ${oneLine(audit.title)}${dv}`);
  if (audit.errorMessage) console.log(`        error: ${oneLine(audit.errorMessage, 300)}`);
  if (audit.explanation) console.log(`        ${oneLine(audit.explanation, 300)}`);
  for (const w of audit.warnings || []) console.log(`        warning: ${oneLine(w, 300)}`);
  for (const l of detailLines(audit.details)) console.log(`        ${l}`);
}

// failing lists a category's audits that count and did not pass.
function failing(lhr, cat, skip) {
  return lhr.categories[cat].auditRefs
    .filter(r => r.weight > 0 && !skip.has(r.id))
    .map(r => lhr.audits[r.id])
    .filter(a => a.score === null || a.score < 1);
}

let failures = 0;
for (const r of results) {
  const head = `\nFAIL ${r.page}`;
  const perfFailed = (r.median.score ?? 0) < minPerf;
  if (perfFailed) {
    failures++;
    console.log(`${head}: performance ${show(r.median.score)} (median of ${r.runs.map(x => show(x.score)).join(', ')}), want >= ${minPerf}`);
    r.runs.forEach((run, i) => {
      const m = METRICS.map(([id, name]) => `${name} ${fmtMetric(run.lhr.audits[id])} (${run.lhr.audits[id] ? run.lhr.audits[id].score : '-'})`);
      console.log(`    run ${i + 1}: ${show(run.score)}: ${m.join(', ')}`);
    });
    const a = r.median.lhr.audits;
    console.log('  median run: metrics below 1 and diagnostics:');
    for (const [id] of METRICS) if (a[id] && (a[id].score === null || a[id].score < 1)) printAudit(a[id]);
    for (const id of ['largest-contentful-paint-element', 'lcp-breakdown-insight', 'layout-shifts', 'long-tasks']) {
      if (a[id] && !['notApplicable'].includes(a[id].scoreDisplayMode)) printAudit(a[id], `, ${a[id].scoreDisplayMode}`);
    }
    const shown = new Set(['largest-contentful-paint-element', 'lcp-breakdown-insight', 'layout-shifts', 'long-tasks']);
    for (const ref of r.median.lhr.categories.performance.auditRefs) {
      const x = a[ref.id];
      if (ref.group !== 'diagnostics' || shown.has(ref.id) || !x || UNSCORED.has(x.scoreDisplayMode)) continue;
      if (x.score === null || x.score < 0.9) printAudit(x);
    }
  }
  for (const c of GATED) {
    const x = r.cats[c];
    if (x.score === 100) continue;
    failures++;
    const own = x.ignored.length ? ` (without ${x.ignored.join(', ')})` : '';
    console.log(`${head}: ${c} ${show(x.score)}${own}, want 100`);
    for (const audit of failing(r.full, c, r.skip)) printAudit(audit);
  }
}
// The ignored audits, so that what they hide is visible.
for (const r of results) {
  for (const id of r.skip) {
    const a = r.full.audits[id];
    if (!a) continue;
    const lines = detailLines(a.details);
    console.log(`\nnote ${r.page}: ${id} ignored (score ${a.score})${lines.length ? ': ' + lines.join('; ') : ''}`);
  }
}

const ok = results.length * (1 + GATED.length) - failures;
const nruns = [...new Set(results.map(r => r.runs.length))].join(' or ');
console.log(`\nlighthouse: ${results.length} pages, ${nruns} performance runs each, ` +
  `${failures} failing gates, ${ok} passing`);
process.exit(failures ? 1 : 0);
