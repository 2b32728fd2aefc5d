/**
 * The "Can A reach B?" panel: two REFs (typed, or picked by clicking the map), a protocol and port,
 * and the host's verdict with its explanation and the rules on both sides. The answer comes from the
 * host's engine (`query`); the panel only asks the map to highlight the two ends and the edge between.
 * The Internet is an end of its own: the field shows "Internet" and the engine is asked at
 * stand-in addresses (internet-ref.ts) that no endpoint has, so the map marks the Internet node;
 * once per address family the protocol travels in, showing the most open answer and a line on the
 * others, since the Internet reaches an endpoint if it does so in either family.
 */
import type { ReachAnswer } from '../core/analysis-types';
import type { QueryArgs, RendererApi } from '../shared/api-contract';
import { getById, createEl } from './dom';
import { renderRuleCard } from './details-panel';
import type { SecurityGroup } from '../core/model';
import { internetFamilies, parseInternetRef, pickInternetAnswer } from './internet-ref';
import type { FamilyAnswer } from './internet-ref';
import type { IpFamily } from '../core/net/address';

export type Side = 'from' | 'to';

export interface QueryPanelHooks {
  /** The address that stands for the Internet in this network's questions (see internetStandIn). */
  internetAddress(family: IpFamily): string | undefined;
  /** The outside node holding an outside address most narrowly (a CIDR, a prefix list, the Internet), if any. */
  locateOutside(address: string | undefined): string | undefined;
  /** The map element standing for an endpoint the engine resolved a side to. */
  locateEndpoint(endpointId: string): string | undefined;
  highlight(fromEl: string | undefined, toEl: string | undefined, verdict: ReachAnswer['verdict']): void;
  /** A sentence on an end picked as a map element standing for several endpoints (a grouped node). */
  describePick(side: Side, elementId: string, answer: ReachAnswer): string | undefined;
  clearHighlight(): void;
  /** Whether a map element is still there (an expand or collapse replaces a group's elements). */
  isOnMap(elementId: string): boolean;
  onPickModeChange(side: Side | null): void;
  /** The network's groups by id, so the answer's rules read as the details panel shows them. */
  groups(): ReadonlyMap<string, SecurityGroup>;
}

export interface QueryPanel {
  setRef(side: Side, ref: string, elementId?: string): void;
  pickMode(): Side | null;
  cancelPick(): void;
  /** Shows a message where answers go (a node that cannot be picked), leaving the fields as they are. */
  explain(message: string): void;
  /** Marks the last answer on the map again, on the elements now standing for its ends. */
  highlightAgain(): void;
  clear(): void;
}

export function createQueryPanel(api: RendererApi, hooks: QueryPanelHooks): QueryPanel {
  const form = getById<HTMLFormElement>('query-form');
  const inputs: Record<Side, HTMLInputElement> = { from: getById('q-from'), to: getById('q-to') };
  const proto = getById<HTMLSelectElement>('q-proto');
  const port = getById<HTMLInputElement>('q-port');
  const result = getById('query-result');
  const picked: Record<Side, string | undefined> = { from: undefined, to: undefined };
  let picking: Side | null = null;
  /** Numbers each Ask, so an answer that arrives after a newer Ask is dropped. */
  let requests = 0;

  const placeholders: Record<Side, string> = { from: inputs.from.placeholder, to: inputs.to.placeholder };
  const setPicking = (side: Side | null): void => {
    picking = side;
    form.querySelectorAll<HTMLButtonElement>('button.pick').forEach((b) => {
      b.classList.toggle('active', b.dataset.pick === side);
      b.setAttribute('aria-pressed', String(b.dataset.pick === side));
    });
    // The button turning blue was all a picking end said: its field says what to do now.
    for (const s of ['from', 'to'] as const) inputs[s].placeholder = s === side ? 'click on the map (Esc stops)' : placeholders[s];
    hooks.onPickModeChange(side);
  };

  form.querySelectorAll<HTMLButtonElement>('button.pick').forEach((b) =>
    b.addEventListener('click', () => setPicking(picking === b.dataset.pick ? null : (b.dataset.pick as Side))),
  );
  for (const side of ['from', 'to'] as const) {
    inputs[side].addEventListener('input', () => (picked[side] = undefined));
    // Escape elsewhere stops picking (app.ts); in a text field the page leaves keys to the field.
    inputs[side].addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && picking) setPicking(null);
    });
  }
  proto.addEventListener('change', () => {
    port.disabled = proto.value === 'all';
    port.placeholder = TRAFFIC_PLACEHOLDERS[proto.value] ?? '—';
    if (proto.value !== 'tcp' && proto.value !== 'udp') port.value = '';
  });

  /**
   * Scrolls the side panel to the answer: with a node's details above, it lands below the fold
   * and Ask seemed to do nothing. All of it when it fits, else from its verdict down.
   */
  const revealResult = (): void => {
    const side = result.closest<HTMLElement>('.side');
    const fits = !side || result.offsetHeight <= side.clientHeight;
    result.scrollIntoView({ block: fits ? 'nearest' : 'start' });
  };

  const showError = (message: string): void => {
    result.replaceChildren(createEl('p', { class: 'dialog-error', text: message }));
    revealResult();
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const request = ++requests;
    const from = inputs.from.value.trim();
    const to = inputs.to.value.trim();
    if (!from || !to) return showError('Give both ends: pick them on the map or type a name, id, IP or Terraform address.');
    const internet: Record<Side, IpFamily | 'any' | null> = { from: parseInternetRef(from), to: parseInternetRef(to) };
    if (internet.from !== null && internet.to !== null) return showError('Both ends are the Internet: security groups only filter traffic to and from the network. Give an endpoint, or an address, at one end.');
    const traffic = readTraffic(proto.value, port.value);
    if ('error' in traffic) return showError(traffic.error);
    // `Internet` holds hosts of both families: it is asked about in each the protocol travels in
    // (internetFamilies) where the network has a stand-in, and the most open answer is shown.
    const anyInternet = internet.from === 'any' || internet.to === 'any';
    const families: (IpFamily | undefined)[] = anyInternet ? internetFamilies(traffic.protocol) : [undefined];
    const asks: { family?: IpFamily; args: QueryArgs }[] = [];
    const unasked: IpFamily[] = [];
    for (const family of families) {
      const sentOf = (side: Side, text: string): string | undefined => {
        const f = internet[side];
        return f === null ? text : hooks.internetAddress(f === 'any' ? (family as IpFamily) : f);
      };
      const sentFrom = sentOf('from', from);
      const sentTo = sentOf('to', to);
      if (!sentFrom || !sentTo) {
        if (family !== undefined) unasked.push(family);
        continue;
      }
      const args: QueryArgs = { from: sentFrom, to: sentTo, ...traffic };
      asks.push(family === undefined ? { args } : { family, args });
    }
    const noStandIn = 'No single address can stand for the whole Internet here: the named blocks cover every public address. Type an outside address instead.';
    if (asks.length === 0) return showError(noStandIn);
    result.replaceChildren(createEl('p', { class: 'muted', text: 'Asking…' }));
    const answers: FamilyAnswer<ReachAnswer>[] = [];
    for (const ask of asks) {
      const answer = await api.query(ask.args);
      // A later Ask replaced this one while it waited: its answer must not overwrite the new one.
      if (request !== requests) return;
      if (!answer.ok) {
        hooks.clearHighlight();
        return showError(answer.error.message);
      }
      answers.push({ family: ask.family ?? 4, answer: answer.value });
    }
    const { shown, others } = pickInternetAnswer(answers);
    // Denied only for want of an address in the families asked, while another could not be asked:
    // that one may well answer otherwise, so no verdict is given.
    if (unasked.length > 0 && shown.answer.notInFamily) return showError(noStandIn.replace('every public address', `every public ${familyName(unasked[0]!)} address`));
    const args = (asks.find((x) => x.family === shown.family) ?? asks[0])!.args;
    renderAnswer(shown.answer, args, internet, anyInternet ? describeFamilies(traffic.protocol, answers.length, shown.family, shown.answer.verdict, others, unasked) : undefined);
    revealResult();
    highlightAnswer(shown.answer);
  });

  /** The answer on the map now, for highlightAgain. */
  let highlightedAnswer: ReachAnswer | null = null;
  const highlightAnswer = (a: ReachAnswer): void => {
    highlightedAnswer = a;
    // The engine's resolution of each REF decides what is highlighted (an ARN, a Terraform address
    // without its index), so the map never guesses differently from the answer: a side it resolved
    // to no endpoint is outside, even at an address some endpoint has as its public one. A picked
    // element an expand or collapse has since replaced gives way to the one holding that endpoint.
    const end = (side: Side, endpointId: string | undefined, address: string | undefined): string | undefined => {
      const p = picked[side];
      if (p !== undefined && hooks.isOnMap(p)) return p;
      return endpointId !== undefined ? hooks.locateEndpoint(endpointId) : hooks.locateOutside(address);
    };
    hooks.highlight(end('from', a.fromEndpointId, a.fromAddress), end('to', a.toEndpointId, a.toAddress), a.verdict);
  };

  const renderAnswer = (a: ReachAnswer, args: QueryArgs, internet: Record<Side, IpFamily | 'any' | null>, familiesNote?: string): void => {
    // No address: none of the family asked about (the answer says so), or one the inputs do not give.
    const missing = a.notInFamily === 'no-address' ? 'none of that family' : 'unknown (not in the inputs)';
    const address = (side: Side, text: string | undefined): string => (text === undefined ? missing : internet[side] ? `${text} (standing for the Internet)` : text);
    const traffic = describeTraffic(args);
    const groups = hooks.groups();
    const rules = (title: string, refs: ReachAnswer['egress']) =>
      refs.length
        ? [createEl('div', { class: 'side-label', text: title }), ...refs.map((r) => renderRuleCard(r, r.ruleId, groups))]
        : [];
    const parts: (HTMLElement | null)[] = [
      createEl('div', { class: `verdict ${a.verdict}`, attrs: { 'data-verdict': a.verdict } }, createEl('span', { class: 'word', text: a.verdict }), createEl('span', { text: traffic })),
      createEl('p', { class: 'explanation', text: a.explanation }),
      // The engine answers for one endpoint: a grouped node's end says which, and what that means for the rest.
      ...(['from', 'to'] as const).map((side) => {
        const element = picked[side];
        const note = element === undefined ? undefined : hooks.describePick(side, element, a);
        return note ? createEl('p', { class: 'group-pick', attrs: { 'data-side': side }, text: note }) : null;
      }),
      a.fromAddress || a.toAddress ? createEl('p', { class: 'muted', text: `Addresses used: ${address('from', a.fromAddress)} → ${address('to', a.toAddress)}` }) : null,
      familiesNote ? createEl('p', { class: 'muted internet-families', text: familiesNote }) : null,
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
      // "Use as source" below a node's long details filled a field out of sight, and seemed to do nothing.
      form.scrollIntoView({ block: 'nearest' });
    },
    pickMode: () => picking,
    cancelPick: () => setPicking(null),
    explain: (message) => showError(message),
    highlightAgain() {
      if (highlightedAnswer) highlightAnswer(highlightedAnswer);
    },
    clear() {
      // A question still waiting was about the map being replaced: its answer must not land here.
      requests++;
      result.replaceChildren();
      picked.from = picked.to = undefined;
      highlightedAnswer = null;
    },
  };
}

const familyName = (f: IpFamily): string => (f === 6 ? 'IPv6' : 'IPv4');

/**
 * The line under an answer for `Internet`: which families it was asked about in, which answer is
 * shown and what the others gave, and why a family was left out.
 */
export function describeFamilies(protocol: string, asked: number, shown: IpFamily, shownVerdict: ReachAnswer['verdict'], others: readonly FamilyAnswer<Pick<ReachAnswer, 'verdict'>>[], unasked: readonly IpFamily[]): string {
  const parts: string[] = [];
  if (internetFamilies(protocol).length === 1) parts.push(`ICMP is ${familyName(shown)}'s: the Internet was asked about over ${familyName(shown)} only.`);
  else if (asked > 1 && others.length === 0) parts.push(`The Internet was asked about over IPv4 and IPv6; only ${familyName(shown)} applies here (the other end has no address in the other family).`);
  else if (asked > 1 && others.every((o) => o.answer.verdict === shownVerdict)) parts.push(`The Internet was asked about over IPv4 and IPv6: ${shownVerdict} over both; shown: ${familyName(shown)}.`);
  else if (asked > 1) parts.push(`The Internet was asked about over IPv4 and IPv6; shown: ${familyName(shown)}, the more open answer (${others.map((o) => `over ${familyName(o.family)} it is ${o.answer.verdict}`).join('; ')}).`);
  for (const f of unasked) parts.push(`Not asked over ${familyName(f)}: named blocks cover every public ${familyName(f)} address, so no single address stands for the Internet there.`);
  return parts.join(' ');
}

/** What the field beside the protocol asks for, by protocol. */
const TRAFFIC_PLACEHOLDERS: Record<string, string> = { tcp: 'port', udp: 'port', icmp: 'any type', icmpv6: 'any type', number: '0-255' };

/**
 * The traffic of a question from the protocol choice and the field beside it: a port for tcp and
 * udp; for icmp and icmpv6 nothing (every type and code), a type (every code of it) or type/code
 * (`8/0`, echo request); for "protocol no." the IP protocol number. The same QueryArgs the CLI's
 * --protocol, --port, --icmp-type and --icmp-code give.
 */
export function readTraffic(choice: string, field: string): Pick<QueryArgs, 'protocol' | 'port' | 'icmpType' | 'icmpCode'> | { error: string } {
  const text = field.trim();
  const int = (s: string, max: number): number | undefined => (/^\d+$/.test(s) && Number(s) <= max ? Number(s) : undefined);
  // An empty field is a port or number not given yet ("" is not a port read as a typing mistake).
  if (choice === 'tcp' || choice === 'udp') {
    if (text === '') return { error: `Give a port for ${choice} (0-65535).` };
    const port = int(text, 65535);
    return port === undefined ? { error: `"${field}" is not a port (0-65535).` } : { protocol: choice, port };
  }
  if (choice === 'icmp' || choice === 'icmpv6') {
    if (text === '') return { protocol: choice };
    const [typeText, codeText, extra] = text.split('/').map((x) => x.trim());
    const type = int(typeText ?? '', 255);
    const code = codeText === undefined ? undefined : int(codeText, 255);
    if (type === undefined || (codeText !== undefined && code === undefined) || extra !== undefined) {
      return { error: `"${field}" is not an ICMP type, or type/code (0-255 each; 8/0 is echo request). Leave it empty for any type.` };
    }
    return code === undefined ? { protocol: choice, icmpType: type } : { protocol: choice, icmpType: type, icmpCode: code };
  }
  if (choice === 'number') {
    if (text === '') return { error: 'Give an IP protocol number (0-255; 50 is ESP, 47 GRE).' };
    const n = int(text, 255);
    return n === undefined ? { error: `"${field}" is not an IP protocol number (0-255; 50 is ESP, 47 GRE).` } : { protocol: String(n) };
  }
  return { protocol: 'all' };
}

/** The traffic of a question as the answer heads it: `tcp 443`, `icmp type 8 code 0`, `protocol 50`. */
export function describeTraffic(args: Pick<QueryArgs, 'protocol' | 'port' | 'icmpType' | 'icmpCode'>): string {
  if (args.protocol === 'all') return 'all traffic';
  if (/^\d+$/.test(args.protocol)) return `protocol ${args.protocol}`;
  if (args.icmpType !== undefined) return `${args.protocol} type ${args.icmpType}${args.icmpCode !== undefined ? ` code ${args.icmpCode}` : ''}`;
  if (args.protocol === 'icmp' || args.protocol === 'icmpv6') return `${args.protocol} (any type)`;
  return `${args.protocol}${args.port !== undefined ? ` ${args.port}` : ''}`;
}
