/**
 * The Terraform FormatImporter: state v1–v4, `terraform show -json` of a state, and plan JSON
 * (optionally wrapped). It reads the container into resource instances (records.ts), then runs the
 * passes in dependency order: VPC ids, then groups (so every reference has an id, real or
 * `tf:<address>`), then rules, network objects and endpoints. The result is a partial snapshot:
 * external groups, group names and rule ids are settled by the merge step.
 */
import { ImportError, type Snapshot } from '../../model';
import type { FormatImporter } from '../format-importer';
import { TfBuild } from './build-context';
import { readEndpoints } from './build-endpoints';
import { readGroups, readRules } from './build-groups';
import { readNetwork, readVpcIds } from './build-network';
import { detectTerraformFormat, readTerraformDocument } from './records';

/** Types whose presence without any AWS resource means the input is for another cloud. */
const OTHER_CLOUDS: [string, string][] = [
  ['google_', 'Google Cloud'],
  ['azurerm_', 'Azure'],
  ['azuread_', 'Azure'],
  ['oci_', 'Oracle Cloud'],
  ['alicloud_', 'Alibaba Cloud'],
  ['digitalocean_', 'DigitalOcean'],
  ['ibm_', 'IBM Cloud'],
];

export const terraformImporter: FormatImporter = {
  name: 'terraform',
  detect: (doc) => detectTerraformFormat(doc),
  read(doc: unknown, fileName: string, format: string): Snapshot {
    const parsed = readTerraformDocument(doc, fileName, format);
    const types = parsed.resources.map((r) => r.type);
    if (!types.some((t) => t.startsWith('aws_'))) {
      for (const [prefix, cloud] of OTHER_CLOUDS) {
        if (types.some((t) => t.startsWith(prefix))) {
          throw new ImportError(fileName, `no AWS resources: this looks like a${/^[AEIOU]/.test(cloud) ? 'n' : ''} ${cloud} state`);
        }
      }
    }
    const b = new TfBuild(parsed, fileName);
    readVpcIds(b);
    readGroups(b);
    readRules(b);
    readNetwork(b);
    readEndpoints(b);
    if (b.ownKeyReadings > 0) {
      // The reading is Terraform's usual `x[each.key]`, but a plan's references cannot tell it from
      // a comprehension over the same resource or arithmetic on count.index: the reader is told.
      b.warn('unknown-at-plan', `${b.ownKeyReadings} reference${b.ownKeyReadings === 1 ? '' : 's'} like aws_security_group.x[each.key] or [count.index] were read as the instance of the referrer's own key; a plan does not tell that from an expression picking another instance of the same resource (a comprehension, arithmetic on count.index)`);
    }
    b.snap.sources.push({ file: fileName, format });
    b.snap.meta = { tool: parsed.terraformVersion ? `terraform ${parsed.terraformVersion}` : 'terraform' };
    if (parsed.resources.length === 0) b.warn('empty-input', 'no resources in this file');
    return b.snap;
  },
};
