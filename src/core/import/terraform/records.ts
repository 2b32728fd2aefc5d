/**
 * Reads every Terraform container format into one flat list of resource instances (`TfResource`):
 * state v4 (`resources[].instances[]`, `attributes` or `attributes_flat`), state v1–v3
 * (`modules[].resources{}` with flatmap attributes), `terraform show -json` of a state
 * (`values.root_module`) and of a plan (`planned_values`, with `after_unknown` and `configuration`
 * expression references kept so that ids unknown at plan time can still be linked). Everything
 * downstream (groups, rules, endpoints) works on `TfResource` only and never sees the container.
 *
 * Instance states: `tainted` instances are still deployed, so they are read (with a warning);
 * `deposed` instances are the old objects of a create-before-destroy replacement and are about to be
 * destroyed, so they are skipped (with a warning) — reading them would double the resource. `terraform
 * show -json` lists them as entries of their own under the current object's address (`deposed_key`
 * in a state, `deposed` in a plan's resource_changes), which are skipped the same way.
 */
import { ImportError, type Warning } from '../../model';
import { referencesUnder } from './plan-refs';
import { isObject, readString, unflattenFlatmap, type Attrs } from './values';

export interface TfResource {
  /** Full instance address, e.g. `module.sg["a"].aws_security_group.web[0]`. */
  address: string;
  /** Module instance path (`module.a[0].module.b`), '' for the root module. */
  module: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  attrs: Attrs;
  /** Plan only: the `after_unknown` tree (true where a value is unknown until apply). */
  unknown?: unknown;
  /** Plan only: the `configuration` expressions of this resource (references to other resources). */
  expressions?: Attrs;
  tainted?: boolean;
}

export interface TfDocument {
  resources: TfResource[];
  warnings: Warning[];
  isPlan: boolean;
  terraformVersion?: string;
  /** Plan only: how references cross module boundaries (see ModuleLinks). */
  moduleLinks?: ModuleLinks;
  /** Plan only: separate rule resources the plan destroys, as they were before (see readRules). */
  deletedRules?: TfResource[];
}

/**
 * A plan's configuration of module outputs and module inputs, by module configuration path
 * (`module.a.module.b`, no instance keys): what each output's expression references inside its
 * module, and what each input variable's expression references in the calling module.
 */
export interface ModuleLinks {
  outputs: Map<string, Map<string, string[]>>;
  inputs: Map<string, Map<string, string[]>>;
}

/** Cheap detection from top-level keys only (never from terraform_version: Terraformer lies). */
export function detectTerraformFormat(doc: unknown): string | null {
  if (!isObject(doc)) return null;
  const planLike = unwrapPlan(doc);
  if (planLike !== doc) return 'tf-plan-json';
  if ('format_version' in doc) {
    if ('planned_values' in doc || 'resource_changes' in doc) return 'tf-plan-json';
    if ('values' in doc || Object.keys(doc).every((k) => k === 'format_version' || k === 'terraform_version')) {
      return 'tf-show-json';
    }
    return null;
  }
  const hasBody = 'resources' in doc || 'modules' in doc;
  if ('version' in doc && (hasBody || 'lineage' in doc || 'terraform_version' in doc || 'serial' in doc)) {
    const v = doc.version;
    return typeof v === 'number' ? `tfstate-v${v}` : 'tfstate';
  }
  return null;
}

/** Plans wrapped by policy tools: `{"mock":{"valid":{"tfplan":{...}}}}`. Returns doc itself otherwise. */
export function unwrapPlan(doc: Attrs): Attrs {
  const mock = doc.mock;
  if (!isObject(mock)) return doc;
  const cases = Object.keys(mock).sort((a, b) => (a === 'valid' ? -1 : b === 'valid' ? 1 : a < b ? -1 : 1));
  for (const key of cases) {
    const c = mock[key];
    if (isObject(c) && isObject(c.tfplan)) return c.tfplan;
  }
  return doc;
}

export function readTerraformDocument(doc: unknown, file: string, format: string): TfDocument {
  if (!isObject(doc)) throw new ImportError(file, 'expected a JSON object at the top level');
  if (format === 'tf-plan-json') return readPlan(unwrapPlan(doc), file);
  if (format === 'tf-show-json') return readShowState(doc, file);
  const version = doc.version;
  if (typeof version !== 'number') {
    throw new ImportError(file, `state "version" must be a number, got ${JSON.stringify(version)}`);
  }
  if (version === 4) return readStateV4(doc, file);
  if (version >= 1 && version <= 3) return readStateLegacy(doc, file);
  throw new ImportError(file, `unsupported state format version ${version} (supported: 1 to 4)`);
}

function warning(file: string, code: string, message: string, subject?: string): Warning {
  return subject === undefined ? { code, message, file } : { code, message, file, subject };
}

/** What every container says of a tainted instance, which is read. */
function taintedWarning(file: string, address: string): Warning {
  return warning(file, 'tainted', `${address} is tainted (still deployed, will be replaced on the next apply)`, address);
}

/** What every container says of one deposed object, which is skipped. */
function deposedWarning(file: string, address: string, key: string): Warning {
  return warning(file, 'deposed-skipped', `${address}: deposed object ${key} is being replaced and was skipped`, address);
}

function indexSuffix(key: unknown): string {
  if (key === undefined || key === null) return '';
  if (typeof key === 'number') return `[${key}]`;
  return `[${JSON.stringify(String(key))}]`;
}

function joinAddress(module: string, mode: 'managed' | 'data', type: string, name: string, suffix: string): string {
  const local = `${mode === 'data' ? 'data.' : ''}${type}.${name}${suffix}`;
  return module ? `${module}.${local}` : local;
}

function readStateV4(doc: Attrs, file: string): TfDocument {
  const out: TfDocument = { resources: [], warnings: [], isPlan: false, terraformVersion: readString(doc.terraform_version) };
  const resources = doc.resources ?? [];
  if (!Array.isArray(resources)) {
    throw new ImportError(file, `"resources" must be an array, got ${typeName(resources)}`);
  }
  // Terraform writes each address once; a state merged by hand may not, and the second would
  // otherwise stand beside the first under the same name without a word. Resources are told apart
  // by their type, name and module (strings as parsed, hashed once each) rather than by building
  // and hashing every instance's address, which showed in the import of a large state.
  // By type, then name (with the module before it, when there is one): the index keys seen, as one
  // key while there is one (the usual case) and a Set from the second on.
  const seen = new Map<string, Map<string, unknown>>();
  resources.forEach((r, i) => {
    if (!isObject(r)) throw new ImportError(file, `resources[${i}] must be an object, got ${typeName(r)}`);
    const type = readString(r.type);
    const name = readString(r.name);
    if (!type || !name) throw new ImportError(file, `resources[${i}] has no "type" or "name"`);
    const mode = r.mode === 'data' ? 'data' : 'managed';
    const module = readString(r.module) ?? '';
    const instances = r.instances ?? [];
    const base = joinAddress(module, mode, type, name, '');
    if (!Array.isArray(instances)) {
      throw new ImportError(file, `${base}: "instances" must be an array, got ${typeName(instances)}`);
    }
    const kind = mode === 'data' ? `data.${type}` : type;
    let names = seen.get(kind);
    if (!names) seen.set(kind, (names = new Map()));
    const where = module ? `${module}\u0000${name}` : name;
    /** Whether this instance key of the resource was seen before (in this entry or an earlier one of the same address). */
    const again = (key: unknown): boolean => {
      // Keys are never undefined (a missing one is null): undefined means not seen.
      const had = names.get(where);
      if (had === undefined) {
        names.set(where, key);
        return false;
      }
      if (had instanceof Set) {
        if (had.has(key)) return true;
        had.add(key);
        return false;
      }
      if (had === key) return true;
      names.set(where, new Set([had, key]));
      return false;
    };
    instances.forEach((inst, j) => {
      if (!isObject(inst)) throw new ImportError(file, `${base}: instances[${j}] must be an object, got ${typeName(inst)}`);
      const address = joinAddress(module, mode, type, name, indexSuffix(inst.index_key));
      if (inst.deposed !== undefined && inst.deposed !== null) {
        out.warnings.push(deposedWarning(file, address, String(inst.deposed)));
        return;
      }
      let attrs: Attrs;
      if (isObject(inst.attributes)) attrs = inst.attributes;
      else if (isObject(inst.attributes_flat)) attrs = unflattenFlatmap(inst.attributes_flat);
      else {
        out.warnings.push(warning(file, 'no-attributes', `${address}: instance has no attributes and was skipped`, address));
        return;
      }
      const tainted = inst.status === 'tainted';
      if (tainted) {
        out.warnings.push(taintedWarning(file, address));
      }
      if (again(inst.index_key ?? null)) {
        out.warnings.push(warning(file, 'duplicate-address', `${address} appears more than once in the state (resources[${i}] again): both are read, and names that match both are ambiguous`, address));
      }
      const resource: TfResource = { address, module, mode, type, name, attrs };
      if (tainted) resource.tainted = true;
      out.resources.push(resource);
    });
  });
  return out;
}

/** v1, v2 and v3 share one layout: `modules[{path, resources{"type.name[.N]": {primary}}}]`. */
function readStateLegacy(doc: Attrs, file: string): TfDocument {
  const out: TfDocument = { resources: [], warnings: [], isPlan: false, terraformVersion: readString(doc.terraform_version) };
  const modules = doc.modules ?? [];
  if (!Array.isArray(modules)) throw new ImportError(file, `"modules" must be an array, got ${typeName(modules)}`);
  modules.forEach((m, i) => {
    if (!isObject(m)) throw new ImportError(file, `modules[${i}] must be an object, got ${typeName(m)}`);
    const path = Array.isArray(m.path) ? m.path.map((p) => String(p)) : ['root'];
    const module = path.slice(1).map((p) => `module.${p}`).join('.');
    const resources = m.resources ?? {};
    if (!isObject(resources)) throw new ImportError(file, `modules[${i}].resources must be an object, got ${typeName(resources)}`);
    for (const key of Object.keys(resources)) {
      const r = resources[key];
      if (!isObject(r)) throw new ImportError(file, `resource "${key}" must be an object, got ${typeName(r)}`);
      const parsed = parseLegacyKey(key);
      if (!parsed) {
        out.warnings.push(warning(file, 'bad-resource-key', `resource key "${key}" is not "type.name[.N]" and was skipped`));
        continue;
      }
      const type = readString(r.type) ?? parsed.type;
      const address = joinAddress(module, parsed.mode, type, parsed.name, indexSuffix(parsed.index));
      let primary = r.primary;
      let tainted = false;
      // v1 keeps tainted objects in a separate list and may have no primary at all.
      if (!isObject(primary) && Array.isArray(r.tainted) && isObject(r.tainted[0])) {
        primary = r.tainted[0];
        tainted = true;
      }
      if (Array.isArray(r.deposed) && r.deposed.length > 0) {
        out.warnings.push(warning(file, 'deposed-skipped', `${address}: ${r.deposed.length} deposed object(s) being replaced were skipped`, address));
      }
      if (!isObject(primary)) {
        out.warnings.push(warning(file, 'no-attributes', `${address} has no primary instance and was skipped`, address));
        continue;
      }
      if (primary.tainted === true) tainted = true;
      const attrs = isObject(primary.attributes) ? unflattenFlatmap(primary.attributes) : {};
      if (attrs.id === undefined && readString(primary.id)) attrs.id = primary.id;
      if (tainted) out.warnings.push(taintedWarning(file, address));
      out.resources.push({ address, module, mode: parsed.mode, type, name: parsed.name, attrs, ...(tainted ? { tainted } : {}) });
    }
  });
  return out;
}

function parseLegacyKey(key: string): { mode: 'managed' | 'data'; type: string; name: string; index?: number } | undefined {
  const m = /^(data\.)?([^.]+)\.([^.]+)(?:\.(\d+))?$/.exec(key);
  if (!m) return undefined;
  return { mode: m[1] ? 'data' : 'managed', type: m[2]!, name: m[3]!, ...(m[4] !== undefined ? { index: Number(m[4]) } : {}) };
}

interface ShowModule {
  resources?: unknown;
  child_modules?: unknown;
  address?: unknown;
}

function collectShowResources(root: unknown, file: string, out: TfDocument, seen: Set<string>): void {
  if (root === undefined || root === null) return;
  if (!isObject(root)) throw new ImportError(file, `root_module must be an object, got ${typeName(root)}`);
  const stack: ShowModule[] = [root];
  while (stack.length > 0) {
    const m = stack.pop()!;
    const resources = m.resources ?? [];
    if (!Array.isArray(resources)) throw new ImportError(file, `module resources must be an array, got ${typeName(resources)}`);
    const moduleAddress = readString(m.address) ?? '';
    for (const [i, r] of resources.entries()) {
      // Terraform writes neither; skipped, but said, so a hand-made document does not lose a part silently.
      if (!isObject(r)) {
        out.warnings.push(warning(file, 'bad-attribute', `${moduleAddress || 'root module'}: resources[${i}] should be an object, got ${typeName(r)}; skipped`));
        continue;
      }
      const type = readString(r.type);
      const name = readString(r.name);
      if (!type || !name) {
        out.warnings.push(warning(file, 'bad-attribute', `${moduleAddress || 'root module'}: resources[${i}] has no "type" or "name"; skipped`));
        continue;
      }
      const mode = r.mode === 'data' ? 'data' : 'managed';
      const address = readString(r.address) ?? joinAddress(moduleAddress, mode, type, name, indexSuffix(r.index));
      // A deposed object is listed as an entry of its own under the current object's address, before
      // or after it: it is being destroyed, and reading it would stand in for the current object.
      const deposed = readString(r.deposed_key);
      if (deposed !== undefined) {
        out.warnings.push(deposedWarning(file, address, deposed));
        continue;
      }
      if (seen.has(address)) continue;
      seen.add(address);
      if (r.tainted === true) {
        out.warnings.push(taintedWarning(file, address));
      }
      if (r.values !== undefined && r.values !== null && !isObject(r.values)) {
        out.warnings.push(warning(file, 'bad-attribute', `${address}: "values" should be an object, got ${typeName(r.values)}; read as empty`, address));
      }
      const attrs = isObject(r.values) ? r.values : {};
      const resource: TfResource = { address, module: moduleOf(address, mode, type, name, moduleAddress), mode, type, name, attrs };
      if (r.tainted === true) resource.tainted = true;
      out.resources.push(resource);
    }
    const children = m.child_modules ?? [];
    if (Array.isArray(children)) for (const c of [...children].reverse()) if (isObject(c)) stack.push(c);
  }
}

/** The module part of an address: everything before `[data.]type.name`. */
function moduleOf(address: string, mode: string, type: string, name: string, fallback: string): string {
  const marker = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  if (address.startsWith(marker)) return '';
  const at = address.lastIndexOf(`.${marker}`);
  return at >= 0 ? address.slice(0, at) : fallback;
}

function readShowState(doc: Attrs, file: string): TfDocument {
  const out: TfDocument = { resources: [], warnings: [], isPlan: false, terraformVersion: readString(doc.terraform_version) };
  const values = doc.values;
  if (values === undefined || values === null) return out;
  if (!isObject(values)) throw new ImportError(file, `"values" must be an object, got ${typeName(values)}`);
  collectShowResources(values.root_module, file, out, new Set());
  out.resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return out;
}

/** Resource types that each hold one security group rule, apart from the group's inline lists. */
const RULE_RESOURCE_TYPES = new Set(['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule']);

function readPlan(doc: Attrs, file: string): TfDocument {
  const out: TfDocument = { resources: [], warnings: [], isPlan: true, terraformVersion: readString(doc.terraform_version) };
  const planned = doc.planned_values;
  const seen = new Set<string>();
  if (planned !== undefined && planned !== null) {
    if (!isObject(planned)) throw new ImportError(file, `"planned_values" must be an object, got ${typeName(planned)}`);
    collectShowResources(planned.root_module, file, out, seen);
  }
  const changes = Array.isArray(doc.resource_changes) ? doc.resource_changes.filter(isObject) : [];
  const unknownByAddress = new Map<string, unknown>();
  for (const rc of changes) {
    const address = readString(rc.address);
    if (!address || !isObject(rc.change)) continue;
    // The change destroying a deposed object shares the current object's address: its (empty)
    // after_unknown must not replace the current change's, which says what is computed at apply.
    const current = readString(rc.deposed) === undefined;
    if (current) unknownByAddress.set(address, rc.change.after_unknown);
    // Old plans may lack planned_values entries for some resources: fall back to change.after.
    const actions = Array.isArray(rc.change.actions) ? rc.change.actions : [];
    const type = readString(rc.type);
    const name = readString(rc.name);
    if (current && !seen.has(address) && !actions.includes('delete') && isObject(rc.change.after) && type && name) {
      const mode = rc.mode === 'data' ? 'data' : 'managed';
      seen.add(address);
      out.resources.push({ address, module: readString(rc.module_address) ?? '', mode, type, name, attrs: rc.change.after });
    }
    // Destroyed, not replaced: a rule resource whose permission the group's computed inline
    // lists still show from the prior state (readRules takes it out of them).
    if (actions.length === 1 && actions[0] === 'delete' && type && name && RULE_RESOURCE_TYPES.has(type) && rc.mode !== 'data' && isObject(rc.change.before)) {
      (out.deletedRules ??= []).push({ address, module: readString(rc.module_address) ?? '', mode: 'managed', type, name, attrs: rc.change.before });
    }
  }
  // Data sources read during planning live in prior_state; they name groups and prefix lists.
  const prior = doc.prior_state;
  if (isObject(prior) && isObject(prior.values)) {
    const priorOut: TfDocument = { resources: [], warnings: [], isPlan: false };
    collectShowResources(prior.values.root_module, file, priorOut, new Set());
    for (const r of priorOut.resources) {
      if (r.mode === 'data' && !seen.has(r.address)) {
        seen.add(r.address);
        out.resources.push(r);
      }
    }
  }
  const config = isObject(doc.configuration) ? doc.configuration.root_module : undefined;
  const expressionsByConfigAddress = new Map<string, Attrs>();
  const links: ModuleLinks = { outputs: new Map(), inputs: new Map() };
  collectConfig(config, '', expressionsByConfigAddress, links);
  if (links.outputs.size > 0 || links.inputs.size > 0) out.moduleLinks = links;
  for (const r of out.resources) {
    const unknown = unknownByAddress.get(r.address);
    if (unknown !== undefined) r.unknown = unknown;
    const expressions = expressionsByConfigAddress.get(stripIndices(r.address));
    if (expressions) r.expressions = expressions;
  }
  out.resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return out;
}

function collectConfig(m: unknown, prefix: string, out: Map<string, Attrs>, links: ModuleLinks): void {
  if (!isObject(m)) return;
  if (Array.isArray(m.resources)) {
    for (const r of m.resources) {
      if (!isObject(r) || !isObject(r.expressions)) continue;
      const address = readString(r.address);
      if (address) out.set(prefix ? `${prefix}.${address}` : address, r.expressions);
    }
  }
  if (isObject(m.outputs)) {
    const outputs = new Map<string, string[]>();
    for (const [name, o] of Object.entries(m.outputs)) {
      const refs = isObject(o) ? referencesUnder(o.expression) : [];
      if (refs.length > 0) outputs.set(name, refs);
    }
    if (outputs.size > 0) links.outputs.set(prefix, outputs);
  }
  if (isObject(m.module_calls)) {
    for (const [name, call] of Object.entries(m.module_calls)) {
      if (!isObject(call)) continue;
      const path = prefix ? `${prefix}.module.${name}` : `module.${name}`;
      if (isObject(call.expressions)) {
        const inputs = new Map<string, string[]>();
        for (const [input, e] of Object.entries(call.expressions)) {
          const refs = referencesUnder(e);
          if (refs.length > 0) inputs.set(input, refs);
        }
        if (inputs.size > 0) links.inputs.set(path, inputs);
      }
      collectConfig(call.module, path, out, links);
    }
  }
}

/** `module.sg["a"].aws_x.y[0]` -> `module.sg.aws_x.y`: configuration addresses carry no instance keys. */
export function stripIndices(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
