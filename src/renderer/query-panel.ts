/**
 * The "Can A reach B?" panel: two REFs (typed, or picked by clicking the map), a protocol and port,
 * and the host's verdict with its explanation and the rules on both sides. The answer comes from the
 * host's engine (`query`); the panel only asks the map to highlight the two ends and the edge between.
 */
import type { ReachAnswer } from '../core/analysis-types';
import type { QueryArgs, ReachmapApi } from '../shared/api-contract';
import { getById, createEl } from './dom';
import { describeOrigin } from './details-panel';

export type Side = 'from' | 'to';

export interface QueryPanelHooks {
  /** Element ids on the map for the two ends, given what was typed or picked. */
  locate(side: Side, ref: string): string | undefined;
  /** The map element standing for an endpoint the engine resolved a side to. */
  locateEndpoint(endpointId: string): string | undefined;
  highlight(fromEl: string | undefined, toEl: string | undefined, allowed: boolean): void;
  clearHighlight(): void;
  onPickModeChange(side: Side | null): void;
}

export interface QueryPanel {
  setRef(side: Side, ref: string, elementId?: string): void;
  pickMode(): Side | null;
  cancelPick(): void;
  clear(): void;
}

export function createQueryPanel(api: ReachmapApi, hooks: QueryPanelHooks): QueryPanel {
  const form = getById<HTMLFormElement>('query-form');
  const inputs: Record<Side, HTMLInputElement> = { from: getById('q-from'), to: getById('q-to') };
  const proto = getById<HTMLSelectElement>('q-proto');
  const port = getById<HTMLInputElement>('q-port');
  const result = getById('query-result');
  const picked: Record<Side, string | undefined> = { from: undefined, to: undefined };
  let picking: Side | null = null;

  const setPicking = (side: Side | null): void => {
    picking = side;
    form.querySelectorAll<HTMLButtonElement>('button.pick').forEach((b) => b.classList.toggle('active', b.dataset.pick === side));
    hooks.onPickModeChange(side);
  };

  form.querySelectorAll<HTMLButtonElement>('button.pick').forEach((b) =>
    b.addEventListener('click', () => setPicking(picking === b.dataset.pick ? null : (b.dataset.pick as Side))),
  );
  for (const side of ['from', 'to'] as const) inputs[side].addEventListener('input', () => (picked[side] = undefined));
  proto.addEventListener('change', () => {
    const ported = proto.value === 'tcp' || proto.value === 'udp';
    port.disabled = !ported;
    port.placeholder = ported ? 'port' : '—';
  });

  const showError = (message: string): void => {
    result.replaceChildren(createEl('p', { class: 'dialog-error', text: message }));
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const from = inputs.from.value.trim();
    const to = inputs.to.value.trim();
    if (!from || !to) return showError('Give both ends: pick them on the map or type a name, id, IP or Terraform address.');
    const args: QueryArgs = { from, to, protocol: proto.value };
    if (proto.value === 'tcp' || proto.value === 'udp') {
      const n = Number(port.value.trim());
      if (!port.value.trim() || !Number.isInteger(n) || n < 0 || n > 65535) return showError(`"${port.value}" is not a port (0-65535).`);
      args.port = n;
    }
    result.replaceChildren(createEl('p', { class: 'muted', text: 'Asking…' }));
    const answer = await api.query(args);
    if (!answer.ok) {
      hooks.clearHighlight();
      return showError(answer.error.message);
    }
    renderAnswer(answer.value, args);
    // The engine's resolution of each REF decides what is highlighted (an ARN, a Terraform address
    // without its index), so the map never guesses differently from the answer.
    const a = answer.value;
    const end = (side: Side, ref: string, endpointId: string | undefined): string | undefined =>
      picked[side] ?? (endpointId !== undefined ? hooks.locateEndpoint(endpointId) : hooks.locate(side, ref));
    hooks.highlight(end('from', from, a.fromEndpointId), end('to', to, a.toEndpointId), a.allowed);
  });

  const renderAnswer = (a: ReachAnswer, args: QueryArgs): void => {
    const traffic = args.protocol === 'all' ? 'all traffic' : `${args.protocol}${args.port !== undefined ? ` ${args.port}` : ''}`;
    const rules = (title: string, refs: ReachAnswer['egress']) =>
      refs.length
        ? [createEl('div', { class: 'side-label', text: title }), ...refs.map((r) => createEl('div', { class: 'rule' }, createEl('div', { class: 'what', text: r.summary }), r.description ? createEl('div', { class: 'desc', text: r.description }) : null, ...r.origins.map((o) => createEl('div', { class: 'origin', text: describeOrigin(o) }))))]
        : [];
    const parts: (HTMLElement | null)[] = [
      createEl('div', { class: `verdict ${a.verdict}`, attrs: { 'data-verdict': a.verdict } }, createEl('span', { class: 'word', text: a.verdict }), createEl('span', { text: traffic })),
      createEl('p', { class: 'explanation', text: a.explanation }),
      a.fromAddress || a.toAddress ? createEl('p', { class: 'muted', text: `Addresses used: ${a.fromAddress ?? 'any'} → ${a.toAddress ?? 'any'}` }) : null,
      a.refusedBy?.length ? createEl('p', { class: 'muted', text: `${a.verdict === 'depends' ? 'Undecided' : 'Refused'} by: ${a.refusedBy.join(' and ')}` }) : null,
      ...rules('Egress rules on the source', a.egress),
      ...rules('Ingress rules on the destination', a.ingress),
    ];
    result.replaceChildren(...parts.filter((p): p is HTMLElement => !!p));
  };

  return {
    setRef(side, ref, elementId) {
      inputs[side].value = ref;
      picked[side] = elementId;
      if (picking === side) setPicking(null);
    },
    pickMode: () => picking,
    cancelPick: () => setPicking(null),
    clear() {
      result.replaceChildren();
      picked.from = picked.to = undefined;
    },
  };
}
