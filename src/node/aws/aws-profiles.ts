/**
 * Lists the named AWS profiles for the import dialog, from the shared config and credentials files
 * (`~/.aws/config`, `~/.aws/credentials`, or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE). Only
 * names, the default region and the kind of profile (sso, role, static, process) leave this module:
 * key material is recognised by key name and never copied into the result.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AwsProfile } from '../../shared/api-contract';

export interface AwsProfileFiles {
  configFile?: string;
  credentialsFile?: string;
}

export type Sections = Map<string, Map<string, string>>;

/**
 * A minimal INI reader for the AWS files: `[section]`, `key = value`, `#`/`;` comments. The indented
 * lines under a key left empty are its sub-settings (`ec2 =` then `  endpoint_url = …` in a
 * services section), kept as `ec2.endpoint_url`; other indented lines continue a value and are skipped.
 */
export function parseAwsIni(text: string): Sections {
  const sections: Sections = new Map();
  let current: Map<string, string> | undefined;
  let parent: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\uFEFF/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/.exec(trimmed);
    if (header) {
      const name = header[1]!.replace(/\s+/g, ' ');
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      parent = undefined;
      continue;
    }
    if (!current) continue;
    const eq = trimmed.indexOf('=');
    if (/^\s/.test(line)) {
      if (parent !== undefined && eq > 0) current.set(`${parent}.${trimmed.slice(0, eq).trim().toLowerCase()}`, trimmed.slice(eq + 1).trim());
      continue;
    }
    if (eq <= 0) continue;
    const key = trimmed.slice(0, eq).trim().toLowerCase();
    const value = trimmed.slice(eq + 1).trim();
    current.set(key, value);
    parent = value === '' ? key : undefined;
  }
  return sections;
}

/** The shared config file's path (AWS_CONFIG_FILE, else ~/.aws/config) and its sections, when it can be read. */
export async function readAwsConfigFile(env: Readonly<Record<string, string | undefined>> = process.env): Promise<{ file: string; sections: Sections | undefined }> {
  const file = env.AWS_CONFIG_FILE ?? path.join(os.homedir(), '.aws', 'config');
  const text = await readIfExists(file);
  return { file, sections: text === undefined ? undefined : parseAwsIni(text) };
}

function kindOf(props: Map<string, string>): string {
  if (props.has('sso_session') || props.has('sso_start_url') || props.has('sso_account_id')) return 'sso';
  if (props.has('role_arn')) return 'role';
  if (props.has('credential_process')) return 'process';
  if (props.has('aws_access_key_id')) return 'static';
  if (props.has('login_session')) return 'sso';
  return 'unknown';
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function listAwsProfiles(files: AwsProfileFiles = {}): Promise<AwsProfile[]> {
  const home = os.homedir();
  const configFile = files.configFile ?? process.env.AWS_CONFIG_FILE ?? path.join(home, '.aws', 'config');
  const credentialsFile = files.credentialsFile ?? process.env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, '.aws', 'credentials');
  const [configText, credentialsText] = await Promise.all([readIfExists(configFile), readIfExists(credentialsFile)]);

  const profiles = new Map<string, { inConfig: boolean; inCredentials: boolean; props: Map<string, string> }>();
  const note = (name: string, props: Map<string, string>, where: 'config' | 'credentials'): void => {
    const entry = profiles.get(name) ?? { inConfig: false, inCredentials: false, props: new Map() };
    if (where === 'config') entry.inConfig = true;
    else entry.inCredentials = true;
    for (const [k, v] of props) if (!entry.props.has(k)) entry.props.set(k, v);
    profiles.set(name, entry);
  };
  if (configText !== undefined) {
    for (const [section, props] of parseAwsIni(configText)) {
      // In the config file profiles are `[profile x]`, except `[default]`; `[sso-session x]` and `[services x]` are not profiles.
      const m = /^profile\s+(.+)$/.exec(section);
      if (m) note(m[1]!.trim(), props, 'config');
      else if (section === 'default') note('default', props, 'config');
    }
  }
  if (credentialsText !== undefined) {
    for (const [section, props] of parseAwsIni(credentialsText)) {
      // The credentials file uses bare names; a `profile ` prefix there is a common mistake the CLI tolerates too.
      note(section.replace(/^profile\s+/, ''), props, 'credentials');
    }
  }
  return [...profiles.entries()]
    .map(([name, p]) => {
      const profile: AwsProfile = { name, source: p.inConfig && p.inCredentials ? 'both' : p.inConfig ? 'config' : 'credentials', kind: kindOf(p.props) };
      const region = p.props.get('region');
      if (region) profile.region = region;
      return profile;
    })
    .sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
