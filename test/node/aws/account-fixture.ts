/**
 * The recorded test account (fixtures/account/<region>/ec2-describe-*.json, in the AWS CLI's JSON
 * shape) as the fake endpoint serves it and as the offline importer reads it: one source of truth for
 * both sides of the differential test. Prefix lists use the combined shape (entries inline), which the
 * fake endpoint splits back into DescribeManagedPrefixLists and GetManagedPrefixListEntries answers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InputFile } from '../../../src/core/model';
import type { RegionData } from './fake-ec2-server';

export const ACCOUNT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'account');
export const ACCOUNT_ID = '111122223333';
export const REGIONS = ['eu-west-1', 'us-east-1'];

/** `ec2-describe-security-groups` -> `DescribeSecurityGroups`. */
export function actionOfFile(name: string): string {
  return name
    .replace(/^ec2-/, '')
    .replace(/\.json$/, '')
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

export function accountFiles(region: string): InputFile[] {
  const dir = path.join(ACCOUNT_DIR, region);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: path.join(dir, f), text: readFileSync(path.join(dir, f), 'utf8') }));
}

export function regionData(region: string): RegionData {
  const data: RegionData = {};
  for (const file of accountFiles(region)) data[actionOfFile(path.basename(file.name))] = JSON.parse(file.text) as Record<string, unknown>;
  return data;
}

export function accountData(regions: string[] = REGIONS): Record<string, RegionData> {
  return Object.fromEntries(regions.map((r) => [r, regionData(r)]));
}

/** Fake static credentials: the SDK signs with them, the fake endpoint never checks them. */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret-not-real' };
