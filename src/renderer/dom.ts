/**
 * The few DOM helpers the panels share, so they build markup with text nodes (never innerHTML with
 * data from files: names and descriptions in a state file are untrusted) and stay short.
 */

type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  onClick?: (ev: MouseEvent) => void;
}

/** Creates an element with properties and children; strings become text nodes. */
export function createEl<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.title) el.title = props.title;
  for (const [k, v] of Object.entries(props.attrs ?? {})) el.setAttribute(k, v);
  if (props.onClick) el.addEventListener('click', props.onClick as EventListener);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
  return el;
}

/** The element with this id, typed; throws early when the page and the code disagree. */
export function getById<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`Reachmap page is missing #${id}`);
  return el as T;
}

/** A definition list from label/value pairs, skipping empty values. */
export function buildDefinitionList(rows: [string, Child | Child[]][]): HTMLDListElement {
  const dl = createEl('dl');
  for (const [label, value] of rows) {
    const values = Array.isArray(value) ? value.filter((v) => v !== undefined && v !== null && v !== false && v !== '') : value;
    if (values === undefined || values === null || values === false || values === '' || (Array.isArray(values) && values.length === 0)) continue;
    const dd = createEl('dd');
    if (Array.isArray(values)) values.forEach((v, i) => dd.append(...(i ? [', '] : []), typeof v === 'number' ? String(v) : (v as Node | string)));
    else dd.append(typeof values === 'number' ? String(values) : values);
    dl.append(createEl('dt', { text: label }), dd);
  }
  return dl;
}
