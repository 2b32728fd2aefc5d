// Runs the importer over the real-world corpus (../shared/corpus, one file at a time) and prints a
// table: file, format, groups, rules, endpoints, warnings. It exits 1 when a file crashes the
// importer (an ImportError counts as a crash here: every corpus file is meant to be usable) or when
// a file yields zero defined groups although a plain scan of its raw JSON finds some. The raw count
// deliberately shares no code with the importer, so an importer bug cannot hide itself.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { importInputs } from '../src/core/import/index';

/** Corpus folders to check, relative to the corpus root. Append new input families here. */
export const CORPUS_FOLDERS = ['tfstate', 'plan-json', 'show-json-state', 'aws-cli-json'];

const SG_TYPES = new Set(['aws_security_group', 'aws_default_security_group']);

/** Security groups a file defines, counted straight from the JSON without the importer. */
export function countRawGroups(doc: unknown): number {
  if (typeof doc !== 'object' || doc === null) return 0;
  const d = doc as Record<string, unknown>;
  let n = 0;
  if (Array.isArray(d.resources)) {
    // State v4: managed resources with one entry per instance.
    for (const r of d.resources as Record<string, unknown>[]) {
      if (r && r.mode !== 'data' && SG_TYPES.has(String(r.type)) && Array.isArray(r.instances)) n += r.instances.length;
    }
  }
  if (Array.isArray(d.modules)) {
    // State v1-v3: resource keys "type.name[.N]"; data sources start with "data.".
    for (const m of d.modules as Record<string, unknown>[]) {
      for (const key of Object.keys((m?.resources as object) ?? {})) {
        if (/^aws_(default_)?security_group\.[^.]+(\.\d+)?$/.test(key)) n++;
      }
    }
  }
  const walkModule = (m: unknown): void => {
    if (typeof m !== 'object' || m === null) return;
    const mod = m as Record<string, unknown>;
    for (const r of (Array.isArray(mod.resources) ? mod.resources : []) as Record<string, unknown>[]) {
      if (r && r.mode !== 'data' && SG_TYPES.has(String(r.type))) n++;
    }
    for (const c of Array.isArray(mod.child_modules) ? mod.child_modules : []) walkModule(c);
  };
  const plan = (d.mock as Record<string, Record<string, unknown>> | undefined)?.valid?.tfplan as Record<string, unknown> | undefined;
  for (const holder of [d.values, d.planned_values, plan?.planned_values]) {
    if (holder && typeof holder === 'object') walkModule((holder as Record<string, unknown>).root_module);
  }
  // AWS CLI / SDK JSON: {"SecurityGroups": [...]}, possibly inside a placebo {"data": {...}} wrapper.
  const cli = (d.SecurityGroups ?? (d.data as Record<string, unknown> | undefined)?.SecurityGroups) as unknown;
  if (Array.isArray(cli)) n += cli.length;
  return n;
}

interface Row {
  file: string;
  format: string;
  raw: number;
  groups: number;
  external: number;
  rules: number;
  endpoints: number;
  warnings: number;
  problem?: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? listFiles(full) : [full];
    });
}

export function checkCorpus(root: string): Row[] {
  const rows: Row[] = [];
  for (const folder of CORPUS_FOLDERS) {
    const dir = path.join(root, folder);
    let files: string[];
    try {
      files = listFiles(dir);
    } catch {
      rows.push({ file: folder, format: '-', raw: 0, groups: 0, external: 0, rules: 0, endpoints: 0, warnings: 0, problem: `folder ${dir} is missing` });
      continue;
    }
    for (const full of files) {
      const file = path.relative(root, full);
      const text = readFileSync(full, 'utf8');
      let raw = 0;
      try {
        raw = countRawGroups(JSON.parse(text));
      } catch {
        raw = 0;
      }
      try {
        const s = importInputs([{ name: file, text }]);
        const defined = s.groups.filter((g) => !g.external).length;
        const row: Row = {
          file, format: s.sources.map((x) => x.format).join('+'), raw, groups: defined, external: s.groups.length - defined,
          rules: s.rules.length, endpoints: s.endpoints.length, warnings: s.warnings.length,
        };
        if (raw > 0 && defined === 0) row.problem = `the file defines ${raw} group(s) but none were imported`;
        rows.push(row);
      } catch (e) {
        rows.push({ file, format: '-', raw, groups: 0, external: 0, rules: 0, endpoints: 0, warnings: 0, problem: `crash: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
  }
  return rows;
}

export function formatTable(rows: Row[]): string {
  const header = ['file', 'format', 'raw SGs', 'groups', 'external', 'rules', 'endpoints', 'warnings', 'status'];
  const cells = rows.map((r) => [r.file, r.format, String(r.raw), String(r.groups), String(r.external), String(r.rules), String(r.endpoints), String(r.warnings), r.problem ? `FAIL ${r.problem}` : 'ok']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === header.length - 1 ? 0 : c[i]!.length))));
  const line = (c: string[]): string => c.map((v, i) => (i === c.length - 1 ? v : i >= 2 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function main(): void {
  const root = path.resolve(process.argv[2] ?? process.env.REACHMAP_CORPUS ?? path.resolve(process.cwd(), '../shared/corpus'));
  const rows = checkCorpus(root);
  console.log(`corpus: ${root}\n`);
  console.log(formatTable(rows));
  const failed = rows.filter((r) => r.problem);
  console.log(`\n${rows.length} file(s), ${failed.length} failure(s)`);
  if (failed.length > 0) process.exitCode = 1;
}

main();
