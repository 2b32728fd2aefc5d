/**
 * A deliberately small argument parser for the `reachmap` command: long options (`--port 443`,
 * `--port=443`), a few short aliases, boolean flags, `--` to end options, and `-` as a positional
 * (stdin). Hand-written rather than a framework so the CLI has no dependency and its error
 * messages can say exactly which option is wrong and what it expects.
 */
import { CliError } from './cli-types';

export interface OptionSpec {
  type: 'boolean' | 'string';
  /** Placeholder shown in errors, e.g. 'N' or 'REF'. */
  valueName?: string;
  /** Single-letter alias without the dash, e.g. 'o'. */
  short?: string;
  /** May be given several times (`--region a --region b`); every value lands in `lists`. */
  repeatable?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  /** Keyed by option name without dashes; booleans are true when present. */
  options: Record<string, string | boolean | undefined>;
  /** Every value of each repeatable option, in order. */
  lists: Record<string, string[]>;
}

/** Parses argv against the command's options; throws CliError with a one-line reason. */
export function parseArgs(argv: readonly string[], specs: Record<string, OptionSpec>, command: string): ParsedArgs {
  const positionals: string[] = [];
  const options: ParsedArgs['options'] = {};
  const lists: ParsedArgs['lists'] = {};
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.short) byShort.set(spec.short, name);

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else {
      const alias = byShort.get(arg.slice(1));
      if (!alias) throw reportUnknownOption(arg, specs, command);
      name = alias;
    }
    const spec = specs[name];
    if (!spec) throw reportUnknownOption(arg, specs, command);
    if (options[name] !== undefined && !spec.repeatable) throw new CliError(`${command}: --${name} was given twice`);
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new CliError(`${command}: --${name} takes no value`);
      options[name] = true;
      continue;
    }
    // A value option always consumes the next word, so `--icmp-type -1` works.
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new CliError(`${command}: --${name} needs a value (${spec.valueName ?? 'VALUE'})`);
      value = argv[++i] as string;
    }
    options[name] = value;
    if (spec.repeatable) (lists[name] ??= []).push(value);
  }
  return { positionals, options, lists };
}

function reportUnknownOption(arg: string, specs: Record<string, OptionSpec>, command: string): CliError {
  const bare = arg.replace(/^-+/, '').replace(/=.*$/, '');
  const names = Object.keys(specs);
  const close = names.find((n) => measureEditDistance(n, bare) <= 2);
  const hint = close ? `; did you mean --${close}?` : `; see reachmap ${command} --help`;
  return new CliError(`${command}: unknown option ${arg.replace(/=.*$/, '')}${hint}`);
}

/** Levenshtein distance, only ever run on short option names. */
function measureEditDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** Reads an integer option within [min, max], or undefined when absent. */
export function intOption(args: ParsedArgs, name: string, min: number, max: number, command: string): number | undefined {
  const raw = args.options[name];
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const value = /^-?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CliError(`${command}: --${name} must be an integer from ${min} to ${max}, not '${String(raw)}'`);
  }
  return value;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const raw = args.options[name];
  return typeof raw === 'string' ? raw : undefined;
}
