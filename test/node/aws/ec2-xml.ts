/**
 * Turns an EC2 answer written in the CLI's JSON shape into the EC2 Query XML the real service sends,
 * driven by the SDK's own output schemas (`DescribeSecurityGroupsResult$`, …): each member is written
 * under its `xmlName` (securityGroupInfo, ipPermissionsEgress, groups, tagSet …) and list entries as
 * `<item>`. Deriving the XML from the schema rather than hand-writing it is what lets the differential
 * test feed one source of truth both to the SDK (through the fake endpoint) and to the offline importer.
 */
import * as ec2 from '@aws-sdk/client-ec2';

type SchemaRef = unknown;

const RESULT_SCHEMAS = ec2 as unknown as Record<string, SchemaRef>;

export const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

function resolve(ref: SchemaRef): unknown {
  let s = ref;
  while (typeof s === 'function') s = (s as () => unknown)();
  return s;
}

/** A member reference is `schema`, `() => schema` or `[schema, traits]`. */
function unwrapMember(ref: SchemaRef): { schema: unknown; traits: Record<string, unknown> } {
  if (Array.isArray(ref) && ref.length === 2 && typeof ref[1] === 'object' && ref[1] !== null && !Array.isArray(ref[1])) {
    return { schema: resolve(ref[0]), traits: ref[1] as Record<string, unknown> };
  }
  return { schema: resolve(ref), traits: {} };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function writeValue(schema: unknown, value: unknown, out: string[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(schema) && schema[0] === 3) {
    const names = schema[4] as string[];
    const members = schema[5] as SchemaRef[];
    const obj = value as Record<string, unknown>;
    names.forEach((name, i) => {
      if (!(name in obj)) return;
      const { schema: ms, traits } = unwrapMember(members[i]);
      const tag = (traits.xmlName as string | undefined) ?? name.charAt(0).toLowerCase() + name.slice(1);
      out.push(`<${tag}>`);
      writeValue(ms, obj[name], out);
      out.push(`</${tag}>`);
    });
    return;
  }
  if (Array.isArray(schema) && schema[0] === 1) {
    const { schema: ms, traits } = unwrapMember(schema[4]);
    const tag = (traits.xmlName as string | undefined) ?? 'item';
    for (const item of value as unknown[]) {
      out.push(`<${tag}>`);
      writeValue(ms, item, out);
      out.push(`</${tag}>`);
    }
    return;
  }
  out.push(escapeXml(value instanceof Date ? value.toISOString() : String(value)));
}

/** `<DescribeSecurityGroupsResponse xmlns=…><requestId>…</requestId>…</…>` for one page of an answer. */
export function buildEc2Response(action: string, result: Record<string, unknown>, requestId: string): string {
  const schema = resolve(RESULT_SCHEMAS[`${action}Result$`]);
  if (!Array.isArray(schema)) throw new Error(`no output schema for ${action}`);
  const out: string[] = [`<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_XMLNS}">`, `<requestId>${requestId}</requestId>`];
  writeValue(schema, result, out);
  out.push(`</${action}Response>`);
  return out.join('');
}

export function buildEc2Error(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}
