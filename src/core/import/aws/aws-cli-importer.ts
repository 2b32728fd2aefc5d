/**
 * The FormatImporter for AWS answers saved as JSON: `aws ec2 describe-*` (and elb/elbv2/rds/lambda
 * describe output), botocore dumps with `ResponseMetadata`, and Cloud Custodian placebo recordings
 * `{"status_code": 200, "data": {…}}`. Recognition looks at top-level keys only; all reading is done
 * by the shared normaliser that the live import uses too.
 */
import type { FormatImporter } from '../format-importer';
import type { Snapshot } from '../../model';
import { asObject } from './aws-json';
import { collectionKeysOf, formatOfKeys, normalizeAwsDocument, unwrapAwsDocument } from './normalize-aws';

/** Keys that mark another tool's document even when it happens to hold a list named like an AWS collection. */
const FOREIGN_KEYS = ['terraform_version', 'format_version', 'resources', 'modules', 'format', 'planned_values'];

/** Field that the first item of a generic-sounding collection must have, so `{"Functions": […]}` from elsewhere is not taken. */
const FIRST_ITEM_FIELD: Record<string, string> = {
  Functions: 'FunctionName',
  LoadBalancers: 'LoadBalancerName',
  Entries: 'Cidr',
  Subnets: 'SubnetId',
};

export const awsCliImporter: FormatImporter = {
  name: 'aws-cli',
  detect(doc: unknown): string | null {
    const raw = asObject(doc);
    const data = unwrapAwsDocument(doc);
    if (!raw || !data) return null;
    if (FOREIGN_KEYS.some((k) => k in raw)) return null;
    const keys = collectionKeysOf(data).filter((key) => {
      const field = FIRST_ITEM_FIELD[key];
      const value = data[key];
      if (field === undefined || !Array.isArray(value) || value.length === 0) return true;
      const first = asObject(value[0]);
      return first !== undefined && field in first;
    });
    return keys.length === 0 ? null : formatOfKeys(keys);
  },
  read(doc: unknown, fileName: string, format: string): Snapshot {
    return normalizeAwsDocument(unwrapAwsDocument(doc) ?? {}, { file: fileName, format });
  },
};
