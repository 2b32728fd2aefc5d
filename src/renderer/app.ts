/**
 * The application controller: holds the current model, view, expanded groups and filters, and wires
 * the toolbar, the filter bar, the panels, drag and drop, shortcuts and host menu commands to the
 * graph view. Loading a model or switching view rebuilds the elements and lays them out once; a filter
 * change only recomputes visibility, so it is instant and keeps positions.
 */
import type { ElementDefinition } from 'cytoscape';
import type { InputFile } from '../core/model';
import type { ApiResult, HostInfo, LoadedModel, MenuCommand, ProgressEvent, RendererApi } from '../shared/api-contract';
import { clearDetails, renderEdgeDetails, renderNodeDetails } from './details-panel';
import type { DetailsContext } from './details-panel';
import { createAwsDialog, createExportDialog } from './dialogs';
import { buildExportCaption } from './export-caption';
import type { CaptionContext } from './export-caption';
import { distinctNames } from './upload-names';
import { snapshotShortNames } from '../core/export-names';
import { buildSvg, svgDataUrl } from './svg-export';
import { framePng } from './png-export';
import { getById, createEl } from './dom';
import { applyFilters, EDGE_DRAW_LIMIT, hasActiveFilters, limitDrawnEdges, parseFilterInput } from './filters';
import type { FilterChip, MapFilters } from './filters';
import { EDGE_LEGEND, KIND_STYLES, kindsOnMap } from './graph-style';
import { FILTER_HINTS, pickFittingHint } from './fit-hint';
import { tabMoveTarget } from './tab-keys';
import { countLeaves, createGraphView } from './graph-view';
import type { EdgeLook, LoadStats } from './graph-view';
import { describeGroupPick } from './group-pick';
import { INTERNET_REF, internetStandIn } from './internet-ref';
import { describeImportGaps, describePartialOpen, withUnreadFiles } from './partial-open';
import { locateOutsideNode } from './locate-outside';
import { directionOfKey, pickNearest, pickNeighbour, stepEdge } from './keyboard-nav';
import { createQueryPanel } from './query-panel';
import type { Side } from './query-panel';
import { buildElements, describeKind, describeUnpickable, refForNode, toGroupElementId, indexEndpointElements } from './view-model';
import type { MapNodeData, MapView } from './view-model';

/** What the e2e tests read from the page; plain data, no access to the host. */
export interface TestHook {
  ready: boolean;
  loads: number;
  lastLoad: LoadStats | null;
  /** The last "Drawing the map" notice shown before a long draw, or null if none was needed yet. */
  lastDrawNotice: string | null;
  visibleEdgeCount(): number;
  mapEdgeCount(): number;
  visibleNodeCount(): number;
  visibleEdgeIds(): string[];
  /** An edge's classes and resolved line style, colour, opacity and width; null when it is not on the map. */
  edgeLook(id: string): EdgeLook | null;
  /** Ids of the elements the A-to-B highlight marks. */
  highlighted(): string[];
  visibleLeaves(): { id: string; label: string; kind: string }[];
  hasElement(id: string): boolean;
  tap(id: string): boolean;
  /** The selected element's id, or null. */
  selected(): string | null;
  renderedCenter(id: string): { x: number; y: number } | null;
  /** A node's position on the map itself, which panning and zooming leave alone. */
  modelPosition(id: string): { x: number; y: number } | null;
  view(): MapView;
  title(): string;
  /** Adds a filter chip through the same path as the filter box and times it until waitPainted. */
  timeFilter(text: string): Promise<number>;
  /** Clears every chip and times it until waitPainted. */
  timeClearFilters(): Promise<number>;
  /** Records frame-to-frame gaps until stopped (to see whether panning stays smooth). */
  startFrameMonitor(): void;
  stopFrameMonitor(): number[];
  /** Lowers (or restores) the edge drawing limit and redraws, so a small map shows the limit at work. */
  setEdgeDrawLimit(limit: number): Promise<void>;
}

/**
 * Maps from which drawing takes long enough (fcose, in the layout worker, or Cytoscape's first style
 * and paint on big maps: ~1 s at 170 nodes, several on 10,000 instances) that the window says so
 * first: the page cannot repaint while Cytoscape works, so the notice goes up, is painted, and then
 * drawing starts; it stays up until the layout has landed.
 */
const DRAW_NOTICE_NODES = 100;
const DRAW_NOTICE_EDGES = 500;

const waitPaintedFrames = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

declare global {
  interface Window {
    __reachmapTest?: TestHook;
  }
}

const VIEWS: MapView[] = ['reachability', 'groups', 'exposure'];
/** As the toolbar names them. */
const VIEW_NAMES: Record<MapView, string> = { reachability: 'Reachability', groups: 'Security groups', exposure: 'Exposure' };
/** Input types that take no typed text (see the keyboard shortcuts). */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

/** How to undo filters that match nothing, as the map says it. */
const UNMATCHED_HOW = 'Remove a chip with its × (Backspace in the filter box removes the last), untick the options or choose All VPCs and subnets';

export async function startApp(api: RendererApi): Promise<void> {
  const state: {
    model: LoadedModel | null;
    view: MapView;
    expanded: Set<string>;
    elements: ElementDefinition[];
    filters: MapFilters;
    host: HostInfo | null;
    busy: number;
    /** Edges the filters let through, drawn or not (see limitDrawnEdges). */
    matchedEdges: number;
  } = { model: null, view: 'reachability', expanded: new Set(), elements: [], filters: { chips: [] }, host: null, busy: 0, matchedEdges: 0 };

  const mapArea = getById('map').parentElement!;
  const details = getById('details');
  const detailsHidden = getById('details-hidden');
  /** The map element the details panel describes, or null: a filter may hide it meanwhile. */
  let detailsSubject: string | null = null;
  /**
   * What the map's highlight marks, for the exports' caption and for an expand to mark it again:
   * set wherever a highlight is made.
   */
  let highlightedWhat: 'answer' | (Exclude<CaptionContext['highlighted'], 'answer' | undefined> & { groupId: string }) = 'answer';
  const banner = getById('banner');
  const bannerText = getById('banner-text');
  const progress = getById('progress');
  const progressText = getById('progress-text');
  const progressBar = getById('progress-bar');
  const filterInput = getById<HTMLInputElement>('filter-input');
  const filterError = getById('filter-error');
  const chipsBox = getById('chips');
  const scopeSelect = getById<HTMLSelectElement>('scope-select');
  const fileInput = getById<HTMLInputElement>('file-input');
  const empty = getById('empty');
  const mapNotice = getById('map-notice');
  // The drawing limit; the e2e tests lower it to see the limit at work on a small map.
  let edgeDrawLimit = EDGE_DRAW_LIMIT;

  const hook: TestHook = {
    ready: false,
    loads: 0,
    lastLoad: null,
    lastDrawNotice: null,
    visibleEdgeCount: () => graph.visibleEdgeCount(),
    mapEdgeCount: () => graph.mapEdgeCount(),
    visibleNodeCount: () => graph.visibleNodeCount(),
    visibleEdgeIds: () => graph.visibleEdgeIds(),
    edgeLook: (id) => graph.edgeLook(id),
    highlighted: () => graph.highlighted(),
    visibleLeaves: () => graph.visibleLeaves(),
    hasElement: (id) => graph.has(id),
    tap: (id) => graph.tap(id),
    selected: () => graph.selectedId(),
    renderedCenter: (id) => graph.renderedCenter(id),
    modelPosition: (id) => graph.modelPosition(id),
    view: () => state.view,
    title: () => state.model?.title ?? '',
    async timeFilter(text) {
      const t0 = performance.now();
      const parsed = parseFilterInput(text);
      if (!parsed.ok) throw new Error(parsed.error);
      addChips(parsed.chips);
      await waitPaintedFrames();
      return performance.now() - t0;
    },
    async timeClearFilters() {
      const t0 = performance.now();
      state.filters.chips = [];
      renderChips();
      refreshVisibility();
      await waitPaintedFrames();
      return performance.now() - t0;
    },
    startFrameMonitor() {
      frameGaps = [];
      let last = performance.now();
      const tick = (now: number): void => {
        frameGaps.push(now - last);
        last = now;
        frameMonitor = requestAnimationFrame(tick);
      };
      frameMonitor = requestAnimationFrame(tick);
    },
    stopFrameMonitor() {
      cancelAnimationFrame(frameMonitor);
      return frameGaps;
    },
    async setEdgeDrawLimit(limit) {
      edgeDrawLimit = limit;
      await rebuild(true);
      await waitPaintedFrames();
    },
  };
  let frameGaps: number[] = [];
  let frameMonitor = 0;
  window.__reachmapTest = hook;

  // ---- banner and progress -------------------------------------------------------------------
  const showBanner = (message: string, kind: 'error' | 'warning' | 'info' = 'error'): void => {
    banner.hidden = false;
    banner.classList.toggle('info', kind === 'info');
    banner.classList.toggle('warning', kind === 'warning');
    bannerText.textContent = message;
  };
  const hideBanner = (): void => void (banner.hidden = true);
  getById('banner-close').addEventListener('click', hideBanner);

  const showProgress = (ev: ProgressEvent): void => {
    if (state.busy === 0 && ev.phase !== 'done') return;
    if (ev.phase === 'done') return;
    progress.hidden = false;
    progressText.textContent = [ev.region, ev.call, ev.message].filter(Boolean).join(' · ') || 'Working…';
    const determinate = ev.total !== undefined && ev.done !== undefined && ev.total > 0;
    progressBar.classList.toggle('indeterminate', !determinate);
    progressBar.style.width = determinate ? `${Math.round((100 * ev.done!) / ev.total!)}%` : '';
  };
  const progressCancel = getById('progress-cancel');
  progressCancel.addEventListener('click', () => void api.cancel(null));
  /**
   * The progress strip while the map is drawn. Nothing to cancel there: the layout runs in a
   * worker, but opening another file or view already replaces it.
   */
  let drawingNoticeUp = false;
  const showDrawingNotice = (text: string): void => {
    drawingNoticeUp = true;
    hook.lastDrawNotice = text;
    progress.hidden = false;
    progressText.textContent = text;
    progressBar.classList.add('indeterminate');
    progressBar.style.width = '';
    progressCancel.hidden = true;
  };
  const hideDrawingNotice = (): void => {
    drawingNoticeUp = false;
    progressCancel.hidden = false;
    if (state.busy === 0) progress.hidden = true;
  };

  /** Runs a host call that may take a while: progress bar after a moment, errors in the banner. */
  const runLong = async <T>(label: string, call: () => Promise<ApiResult<T>>): Promise<T | null> => {
    state.busy++;
    const timer = setTimeout(() => {
      if (state.busy > 0 && progress.hidden) showProgress({ phase: 'read', message: label });
    }, 150);
    try {
      const result = await call();
      if (!result.ok) {
        if (result.error.code === 'cancelled') showBanner('Cancelled.', 'info');
        else {
          const { message, file } = result.error;
          showBanner(file && !message.includes(file) ? `${file}: ${message}` : message);
        }
        return null;
      }
      return result.value;
    } finally {
      clearTimeout(timer);
      state.busy--;
      if (state.busy === 0) progress.hidden = true;
    }
  };

  // ---- the map ---------------------------------------------------------------------------------
  const queryPanel = createQueryPanel(api, {
    internetAddress: (family) => (state.model ? internetStandIn(state.model.snapshot, family) : undefined),
    locateOutside: (address) => (state.model ? locateOutsideNode(state.elements.map((e) => e.data as MapNodeData), address, state.model.snapshot.prefixLists) : undefined),
    locateEndpoint: (endpointId) => locateEndpoint(endpointId),
    highlight: (from, to, verdict) => {
      const ids = [from, to].filter((x): x is string => !!x);
      // A denied answer has no path: only the two ends are marked, so no edge suggests otherwise.
      // One that depends shows the (dashed) edge the map draws for it, its ends marked apart.
      if (from && to && verdict !== 'denied') ids.push(...graph.edgesBetween(from, to).filter((id) => graph.edgeGoes(id, from, to)));
      if (ids.length) {
        highlightedWhat = 'answer';
        graph.highlightPath(ids, { verdict });
      }
      // Past the drawing limit the path's edge may just have come onto the map.
      updateStatus();
    },
    describePick: (side, elementId, answer) => {
      const d = graph.nodeData(elementId);
      if (!state.model || d?.role !== 'endpoint-group') return undefined;
      return describeGroupPick(state.model.snapshot, { label: d.label.split('\n')[0]!, endpointIds: d.endpointIds }, side, answer);
    },
    clearHighlight: () => graph.clearHighlight(),
    isOnMap: (elementId) => graph.has(elementId),
    onPickModeChange: (side) => mapArea.classList.toggle('picking', !!side),
    groups: () => new Map((state.model?.snapshot.groups ?? []).map((g) => [g.id, g])),
  });

  const detailsContext = (): DetailsContext | null =>
    state.model
      ? {
          model: state.model,
          api,
          actions: {
            useAs: (side: Side, ref: string, _label: string, elementId?: string) => queryPanel.setRef(side, ref, elementId),
            expandGroup: (id) => void expandGroup(id, true),
            collapseGroup: (id) => void expandGroup(id, false),
            focusEndpoint: (id) => focusSubject(id),
          },
        }
      : null;

  const graph = createGraphView(getById('map'), {
    onSelectNode(data) {
      const picking = queryPanel.pickMode();
      if (picking) {
        const ref = refForNode(data, INTERNET_REF);
        // Picking stays on, so the next click can take an end that is one.
        if (ref) queryPanel.setRef(picking, ref, data.id);
        else if (state.model) queryPanel.explain(describeUnpickable(data, state.model.snapshot));
        return;
      }
      const ctx = detailsContext();
      if (ctx) showDetailsOf(data.id, () => renderNodeDetails(details, ctx, data));
    },
    onSelectEdge(data) {
      const ctx = detailsContext();
      if (!ctx) return;
      const name = (id: string) => (graph.nodeData(id)?.label ?? id).split('\n')[0]!;
      showDetailsOf(data.id, () => void renderEdgeDetails(details, ctx, data, { source: name(data.source), target: name(data.target) }));
    },
    onClearSelection() {
      if (queryPanel.pickMode()) return;
      clearSelection();
    },
    onExpandGroup(data) {
      if (data.flowNodeId) void expandGroup(data.flowNodeId, true);
    },
  });

  const clearSelection = (): void => {
    graph.select(null);
    graph.clearHighlight();
    clearDetails(details);
    detailsSubject = null;
    markHiddenSubject();
  };
  const showDetailsOf = (id: string, render: () => void): void => {
    render();
    detailsSubject = id;
    markHiddenSubject();
  };
  // The panel keeps describing what the user chose when a filter then hides it (they may be
  // narrowing the map around it), but says so: details of something not on the map mislead.
  const markHiddenSubject = (): void => {
    detailsHidden.hidden = detailsSubject === null || graph.isShown(detailsSubject);
  };

  const locateEndpoint = (endpointId: string): string | undefined =>
    indexEndpointElements(state.elements).get(endpointId) ?? (graph.has(toGroupElementId(endpointId)) ? toGroupElementId(endpointId) : undefined);

  /** For exports past the drawing limit: how many of the matching edges the picture holds. */
  const undrawnCaption = (): string | undefined => {
    const shown = graph.visibleEdgeCount();
    if (state.matchedEdges <= shown) return undefined;
    return `${shown.toLocaleString('en-US')} of ${state.matchedEdges.toLocaleString('en-US')} matching edges drawn (risky and Internet first); narrow the filters to draw the rest.`;
  };
  /** The exports' caption: the inputs the snapshot records (by file name) and today's date. */
  // Named as the exported snapshot names them: the short names depend on every file the snapshot mentions.
  const exportCaption = (model: LoadedModel) => {
    const short = snapshotShortNames(model.snapshot);
    const f = state.filters;
    const filters = [
      ...f.chips.map((c) => c.text),
      ...(f.subnetId || f.vpcId ? [`only ${scopeSelect.selectedOptions[0]?.textContent?.trim() ?? f.subnetId ?? f.vpcId}`] : []),
      ...(f.exposedOnly ? ['exposed to outside sources only'] : []),
      ...(f.hideIsolated ? ['endpoints with no flows hidden'] : []),
    ];
    return buildExportCaption(model.snapshot.sources.map((s) => short.get(s.file) ?? s.file), new Date(), {
      view: VIEW_NAMES[state.view],
      filters,
      highlighted: graph.highlighted().length > 0 ? highlightedWhat : undefined,
      undrawn: undrawnCaption(),
    });
  };

  const refreshVisibility = (): void => {
    const drawn = limitDrawnEdges(state.elements, applyFilters(state.elements, state.filters), edgeDrawLimit);
    graph.setVisibility(drawn.visibility);
    state.matchedEdges = drawn.matched;
    updateStatus();
    markHiddenSubject();
  };

  const updateStatus = (): void => {
    const m = state.model;
    const sources = m ? m.sources.filter((src) => src !== m.title) : [];
    const title = getById('status-title');
    // Several inputs: their names, which the title ("a.tfstate + 1 more") would only repeat in part.
    title.textContent = !m ? 'No network open' : m.sources.length > 1 ? m.sources.join(', ') : `${m.title}${sources.length ? ` — ${sources.join(', ')}` : ''}`;
    // One line, cut with an ellipsis; the whole list of sources stays in the tooltip.
    title.title = title.textContent;
    if (!m) return void (getById('status-counts').textContent = '');
    const s = m.analysis.summary;
    const totalEdges = state.elements.filter((e) => e.group === 'edges').length;
    const shown = graph.visibleEdgeCount();
    // Past the drawing limit the map says so where the eye is, with what narrows it.
    const undrawn = state.matchedEdges - shown;
    mapNotice.hidden = undrawn <= 0;
    if (undrawn > 0) {
      mapNotice.textContent = `${state.matchedEdges.toLocaleString('en-US')} edges match; the ${shown.toLocaleString('en-US')} most important are drawn (risky and Internet first). ` +
        'Narrow with a port or name filter, a VPC or subnet, or Exposed to outside sources only to see the rest.';
    }
    // "Outside" is the Internet, public CIDRs and prefix lists, as the analysis counts exposures and
    // as the "Exposed to outside sources only" filter shows them: the words say it is not the Internet only.
    const counts = getById('status-counts');
    const n = (x: number): string => x.toLocaleString('en-US');
    // Endpoints wearing a group the inputs reference but do not define: their flows may be more than drawn.
    const unknownRules = s.endpointsWithUnknownRules ? ` · ${n(s.endpointsWithUnknownRules)} with unknown rules` : '';
    counts.textContent =
      `${countOf(s.endpoints, 'endpoint')} · ${countOf(s.groups, 'group')} · ${countOf(s.rules, 'rule')} · ${countOf(s.flowEdges, 'flow')} · ${n(s.internetExposedEndpoints)} exposed to outside sources` +
      `${s.internetExposedEndpoints && s.exposedAtPublicAddress !== undefined ? ` (${n(s.exposedAtPublicAddress)} at a public address)` : ''}` +
      `${s.possiblyExposedEndpoints ? ` (+${n(s.possiblyExposedEndpoints)} maybe)` : ''}${unknownRules} · showing ${n(shown)} of ${countOf(totalEdges, 'edge')}`;
    counts.title =
      'Exposed to outside sources: endpoints the Internet, a public CIDR or a prefix list may reach (maybe: only through a prefix list of unknown entries). ' +
      'At a public address: those it reaches at a public IP or an internet-facing scheme, with no load balancer or VPN in between.' +
      (unknownRules ? ' With unknown rules: endpoints wearing a group the inputs reference but do not define (dotted border); they may have more flows than drawn.' : '');
    const nothing = state.elements.length === 0;
    // Filters that match no edge: say so, and how to undo it, rather than leave a blank canvas
    // (or, when unconnected nodes stay, a map that looks complete).
    const unmatched = !nothing && state.matchedEdges === 0 && hasActiveFilters(state.filters);
    const blank = unmatched && graph.visibleNodeCount() === 0;
    empty.hidden = !nothing && !blank;
    empty.classList.toggle('unmatched', blank);
    if (nothing) empty.replaceChildren(...describeEmptyMap(m, state.view));
    else if (blank) {
      empty.replaceChildren(
        createEl('p', { class: 'title', text: 'No edges match the filters.' }),
        createEl('p', { text: `${UNMATCHED_HOW}, or:` }),
        createEl('button', { text: 'Clear all filters', attrs: { id: 'clear-filters' }, onClick: () => clearFilters() }),
      );
    }
    // A map with no edge to match (endpoints whose rules allow nothing) does not blame the filters.
    if (unmatched && !blank && totalEdges > 0) {
      mapNotice.hidden = false;
      mapNotice.replaceChildren(
        `No edges match the filters. ${UNMATCHED_HOW}, or `,
        createEl('button', { class: 'link', text: 'clear all filters', attrs: { id: 'notice-clear-filters' }, onClick: () => clearFilters() }),
        '.',
      );
    }
  };

  /** What an empty map says: why it is empty, and where to look instead when another view has something. */
  const describeEmptyMap = (m: LoadedModel | null, view: MapView): (Node | string)[] => {
    if (view === 'exposure') return ['Nothing in this network is reachable from outside.'];
    const groups = m?.analysis.summary.groups ?? 0;
    // Rules of groups the inputs do not define (aws_security_group_rule alone): the groups view
    // draws those groups with their rules, so there is something to show there too.
    const rules = m?.snapshot.rules ?? [];
    const owners = new Set(rules.map((r) => r.groupId)).size;
    const held =
      groups > 0
        ? `${countOf(groups, 'security group')} but no endpoint that carries one`
        : rules.length > 0
          ? `${countOf(rules.length, 'rule')} of ${owners === 1 ? 'a security group it does not define but no endpoint that carries it' : `${countOf(owners, 'security group')} it does not define but no endpoint that carries one`}`
          : null;
    if (view === 'reachability' && held) {
      return [
        `This input holds ${held}, so there are no flows to draw. `,
        createEl('button', { class: 'link', text: 'Open the Security groups view (key 2)', attrs: { id: 'empty-show-groups' }, onClick: () => void setView('groups') }),
      ];
    }
    return ['This input holds no security groups or endpoints.'];
  };

  /** Counts rebuilds: one overtaken by a newer one leaves the map, and the notice, to it. */
  let rebuilds = 0;
  const rebuild = async (keepPositions = false): Promise<void> => {
    if (!state.model) return;
    const generation = ++rebuilds;
    state.elements = buildElements(state.model, state.view, { expanded: state.expanded });
    renderLegend(kindsOnMap(state.elements));
    const { nodes, edges } = countLeaves(state.elements);
    const notice = nodes > DRAW_NOTICE_NODES || edges > DRAW_NOTICE_EDGES;
    if (notice) {
      const drawn = Math.min(edges, edgeDrawLimit);
      showDrawingNotice(`Drawing the map: ${nodes} nodes, ${drawn === edges ? edges : `${drawn} of ${edges}`} edges…`);
      await waitPaintedFrames();
      if (generation !== rebuilds) return;
    } else if (drawingNoticeUp) hideDrawingNotice();
    try {
      const stats = await graph.load(state.elements, { keepPositions, edgeLimit: edgeDrawLimit });
      if (!stats) return;
      hook.lastLoad = stats;
      refreshVisibility();
      if (!keepPositions) graph.fit();
      hook.loads++;
    } finally {
      // The layout runs in a worker, so another open or view can start meanwhile: the last
      // rebuild takes the notice down, whichever showed it.
      if (generation === rebuilds && drawingNoticeUp) hideDrawingNotice();
    }
  };

  /**
   * Expands or collapses a grouped node and keeps the user's place: what was selected stays
   * selected, the group just expanded gives way to its first member and a member whose group
   * folded back to the group, and a highlighted answer (or group) is marked again on the new
   * elements. Clearing both sent the user back to find the node and ask again.
   */
  const expandGroup = async (flowNodeId: string, expand: boolean): Promise<void> => {
    const selected = graph.selectedId();
    const highlight = graph.highlighted().length > 0 ? highlightedWhat : undefined;
    if (expand) state.expanded.add(flowNodeId);
    else state.expanded.delete(flowNodeId);
    await rebuild(true);
    const groupElement = `fg:${flowNodeId}`;
    const successor =
      selected === null || graph.has(selected)
        ? selected
        : expand
          ? graph.placedLeaves().find((l) => graph.nodeData(l.id)?.expandedFrom === selected)?.id
          : graph.has(groupElement) ? groupElement : undefined;
    // A tap shows the details again (an edge list may have changed), but while an end is being
    // picked it would take the node as that end: then only the selection moves.
    if (!successor) clearSelection();
    else if (queryPanel.pickMode()) graph.select(successor);
    else graph.tap(successor);
    if (highlight === 'answer') queryPanel.highlightAgain();
    else if (highlight) highlightCarriers(highlight.groupId);
  };

  const setView = async (view: MapView): Promise<void> => {
    if (view === state.view && state.elements.length) return;
    state.view = view;
    markViewTab(view);
    clearSelection();
    await rebuild();
  };

  const showModel = async (model: LoadedModel): Promise<void> => {
    hook.ready = false;
    state.model = model;
    state.expanded.clear();
    state.filters.vpcId = state.filters.subnetId = null;
    fillScopeSelect(model);
    renderWarnings(model);
    queryPanel.clear();
    clearSelection();
    // A map of only some of the files the user chose must say so where they look first.
    const gaps = describeImportGaps(model.warnings);
    if (model.partial) showBanner(describePartialOpen(model.partial, model.warnings.filter((w) => w.code === 'skipped-file').length), 'warning');
    else if (gaps) showBanner(gaps, 'warning');
    else hideBanner();
    await rebuild();
    // Another file opened while this one was drawn: its own showModel finishes the job.
    if (state.model !== model) return;
    document.title = `${model.title} — Reachmap`;
    hook.ready = true;
  };

  // ---- filters ---------------------------------------------------------------------------------
  const renderChips = (): void => {
    chipsBox.replaceChildren(
      ...state.filters.chips.map((chip, i) =>
        createEl(
          'span',
          { class: `chip ${chip.kind}`, attrs: { 'data-chip': chip.text } },
          chip.text,
          createEl('button', { text: '×', title: `Remove filter ${chip.text}`, attrs: { 'aria-label': `Remove filter ${chip.text}` }, onClick: () => removeChipAndKeepFocus(i) }),
        ),
      ),
    );
  };
  /** Back to the whole map: no chips, no options, every VPC and subnet. */
  const clearFilters = (): void => {
    state.filters = { chips: [] };
    for (const id of ['opt-exposed', 'opt-isolated']) getById<HTMLInputElement>(id).checked = false;
    scopeSelect.value = '';
    setFilterError(null);
    renderChips();
    refreshVisibility();
    graph.fit();
  };
  const removeChip = (index: number): void => {
    state.filters.chips.splice(index, 1);
    renderChips();
    refreshVisibility();
  };
  /**
   * A chip's × takes the focus with it: without this a keyboard user removing a chip was left on the
   * page itself. The focus goes to the × now in its place, else the one before, else the filter box.
   */
  const removeChipAndKeepFocus = (index: number): void => {
    removeChip(index);
    const buttons = chipsBox.querySelectorAll<HTMLButtonElement>('button');
    (buttons[index] ?? buttons[index - 1] ?? filterInput).focus();
  };
  const addChips = (chips: FilterChip[]): void => {
    for (const chip of chips) {
      if (!state.filters.chips.some((c) => c.text.toLowerCase() === chip.text.toLowerCase())) state.filters.chips.push(chip);
    }
    renderChips();
    refreshVisibility();
  };
  const setFilterError = (message: string | null): void => {
    filterError.hidden = !message;
    filterError.textContent = message ?? '';
    filterInput.setAttribute('aria-invalid', String(!!message));
  };
  // The hint follows the field's width (fit-hint.ts): measured in the field's own font.
  const hintCanvas = document.createElement('canvas').getContext('2d');
  const fitFilterHint = (): void => {
    const style = getComputedStyle(filterInput);
    const room = filterInput.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (!hintCanvas || room <= 0) return;
    hintCanvas.font = `${style.fontSize} ${style.fontFamily}`;
    filterInput.placeholder = pickFittingHint(FILTER_HINTS, room, (text) => hintCanvas.measureText(text).width);
  };
  // The whole list of examples stays readable, on hover, wherever a shorter hint shows.
  filterInput.title = FILTER_HINTS[0];
  new ResizeObserver(fitFilterHint).observe(filterInput);
  filterInput.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      const text = filterInput.value;
      if (!text.trim()) return;
      // Commas separate filters, as in the box's placeholder: `22, 80-443` is two chips.
      const parsed = parseFilterInput(text);
      if (!parsed.ok) return setFilterError(parsed.error);
      setFilterError(null);
      filterInput.value = '';
      addChips(parsed.chips);
    } else if (ev.key === 'Backspace' && !filterInput.value && state.filters.chips.length) {
      removeChip(state.filters.chips.length - 1);
    } else if (ev.key === 'Escape') {
      filterInput.value = '';
      setFilterError(null);
      filterInput.blur();
    }
  });
  filterInput.addEventListener('input', () => setFilterError(null));
  getById<HTMLInputElement>('opt-exposed').addEventListener('change', (ev) => {
    state.filters.exposedOnly = (ev.target as HTMLInputElement).checked;
    refreshVisibility();
  });
  getById<HTMLInputElement>('opt-isolated').addEventListener('change', (ev) => {
    state.filters.hideIsolated = (ev.target as HTMLInputElement).checked;
    refreshVisibility();
  });
  scopeSelect.addEventListener('change', () => {
    const [kind, ...rest] = scopeSelect.value.split(':');
    const id = rest.join(':');
    state.filters.vpcId = kind === 'vpc' ? id : null;
    state.filters.subnetId = kind === 'subnet' ? id : null;
    nameScopeChoice();
    refreshVisibility();
    graph.fit();
  });
  /** The list is kept narrow (styles.css): the whole name of what is chosen stays in its tooltip. */
  const nameScopeChoice = (): void => void (scopeSelect.title = scopeSelect.selectedOptions[0]?.textContent?.trim() ?? '');

  const fillScopeSelect = (model: LoadedModel): void => {
    const { vpcs, subnets, endpoints } = model.snapshot;
    const vpcIds = new Set([...vpcs.map((v) => v.id), ...subnets.map((s) => s.vpcId).filter((v): v is string => !!v), ...endpoints.map((e) => e.vpcId).filter((v): v is string => !!v)]);
    const options: HTMLOptionElement[] = [createEl('option', { text: 'All VPCs and subnets', attrs: { value: '' } })];
    for (const vpcId of vpcIds) {
      const vpc = vpcs.find((v) => v.id === vpcId);
      options.push(createEl('option', { text: vpc?.name ? `${vpc.name} (${vpcId})` : vpcId, attrs: { value: `vpc:${vpcId}` } }));
      for (const s of subnets.filter((x) => x.vpcId === vpcId)) {
        options.push(createEl('option', { text: `   ${s.name ?? s.id}${s.availabilityZone ? ` · ${s.availabilityZone}` : ''}`, attrs: { value: `subnet:${s.id}` } }));
      }
    }
    scopeSelect.replaceChildren(...options);
    scopeSelect.disabled = vpcIds.size === 0;
    nameScopeChoice();
  };

  // ---- warnings --------------------------------------------------------------------------------
  const renderWarnings = (model: LoadedModel): void => {
    const list = getById('warnings');
    const count = getById('warning-count');
    count.textContent = String(model.warnings.length);
    count.classList.toggle('has', model.warnings.length > 0);
    // Notes say what the analysis simplified on a big input, so they lead the list.
    const notes = (model.analysis.notes ?? []).map((n) => createEl('li', { class: 'note', text: n }));
    if (!model.warnings.length) return void list.replaceChildren(...notes, createEl('li', { class: 'muted', text: 'No warnings.' }));
    list.replaceChildren(
      ...notes,
      ...model.warnings.map((w) => {
        const parts = [createEl('span', { class: 'code', text: w.code }), w.message, w.file ? createEl('span', { class: 'muted', text: ` (${w.file})` }) : null];
        // A warning about no one thing (a skipped file, several resources at once) leads nowhere:
        // as a button it looked clickable and did nothing.
        const entry = w.subject
          ? createEl('button', { title: `Show ${w.subject} on the map`, attrs: { 'data-subject': w.subject }, onClick: () => focusSubject(w.subject!) }, ...parts)
          : createEl('div', { class: 'entry', title: w.file ?? '' }, ...parts);
        return createEl('li', {}, entry);
      }),
    );
  };

  /** Highlights the map elements of the endpoints that carry a group, and returns their ids. */
  const highlightCarriers = (groupId: string): string[] => {
    const model = state.model;
    if (!model) return [];
    const index = indexEndpointElements(state.elements);
    const ids = [...new Set(model.snapshot.endpoints.filter((e) => e.groupIds.includes(groupId)).map((c) => index.get(c.id)).filter((x): x is string => !!x))];
    if (ids.length) {
      const g = model.snapshot.groups.find((x) => x.id === groupId);
      highlightedWhat = { carriersOf: g?.name ? `${g.name} (${groupId})` : groupId, groupId };
      graph.highlightPath(ids);
    }
    return ids;
  };

  /** Brings the node a warning (or a link) concerns into view: an endpoint, a group or a rule's group. */
  const focusSubject = (subject: string): void => {
    const model = state.model;
    if (!model) return;
    const ctx = detailsContext()!;
    const show = (id: string): boolean => {
      if (!graph.focus(id)) return false;
      const data = graph.nodeData(id);
      if (data) showDetailsOf(id, () => renderNodeDetails(details, ctx, data));
      return true;
    };
    // Importers name what a warning concerns by id, or by Terraform address when the resource has
    // no id of its own yet (tainted, planned) or is the thing being warned about.
    const ep = model.snapshot.endpoints.find((e) => e.id === subject) ?? model.snapshot.endpoints.find((e) => e.tfAddress === subject);
    if (ep) {
      const el = indexEndpointElements(state.elements).get(ep.id);
      if (el && show(el)) return;
      // The groups view draws no endpoint, the exposure view only exposed ones: a link to one (a
      // group's member list, a warning) opens the reachability view, which draws them all.
      if (state.view !== 'reachability') {
        void setView('reachability').then(() => {
          const id = indexEndpointElements(state.elements).get(ep.id);
          if (!id || !show(id)) showBanner(`${subject} is not on the map.`, 'info');
        });
        return;
      }
    }
    const list = state.elements.find((e) => (e.data as MapNodeData).prefixListId === subject);
    if (list && show(list.data.id!)) return;
    const rule = model.snapshot.rules.find((r) => r.id === subject) ?? model.snapshot.rules.find((r) => r.origins.some((o) => o.address === subject));
    const group = model.snapshot.groups.find((g) => g.origin?.address === subject);
    const groupId = rule ? rule.groupId : group ? group.id : subject;
    if (state.view === 'groups' && show(toGroupElementId(groupId))) return;
    // In the flow views a group is an external node, or the endpoints that carry it.
    const external = state.elements.find((e) => (e.data as MapNodeData).groupId === groupId);
    if (external && show(external.data.id!)) return;
    const ids = highlightCarriers(groupId);
    if (ids.length) {
      show(ids[0]!);
      return;
    }
    if (model.snapshot.groups.some((g) => g.id === groupId) || rule) {
      void setView('groups').then(() => show(toGroupElementId(groupId)));
      return;
    }
    showBanner(`${subject} is not on the map.`, 'info');
  };

  // ---- opening files ---------------------------------------------------------------------------
  /** Reads a chosen file's text; rejects with the reason alone (the caller names the file). */
  const readFile = (file: File): Promise<InputFile> =>
    new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve({ name: file.name, text: String(reader.result ?? '') });
      reader.onerror = () => reject(new Error(`cannot be read (${reader.error?.message ?? 'unknown error'})`));
      reader.readAsText(file);
    });

  const openFiles = async (files: File[]): Promise<void> => {
    if (!files.length) return;
    const paths = api.pathsForFiles?.(files) ?? [];
    const model =
      paths.length === files.length && paths.every(Boolean)
        ? await runLong(`Opening ${files.length} file(s)…`, () => api.openPaths({ paths }))
        : await openFileContents(files);
    if (model) await showModel(model);
  };

  /** Files without a path on the host (browser mode, or dropped from another app): their contents. */
  const openFileContents = async (chosen: File[]): Promise<LoadedModel | null> => {
    // Without their folders two chosen files may share a name; a File made from a File shares its bytes.
    const names = distinctNames(chosen.map((f) => f.name));
    const files = chosen.map((f, i) => (names[i] === f.name ? f : new File([f], names[i]!, { type: f.type, lastModified: f.lastModified })));
    const label = (opened: string[]) => `Opening ${opened.join(', ')}…`;
    const upload = api.openUploads;
    if (upload) {
      let unreadable = false;
      const model = await runLong(label(files.map((f) => f.name)), async (): Promise<ApiResult<LoadedModel | null>> => {
        const r = await upload(files);
        unreadable = !r.ok && r.error.code === 'unreadable';
        // Said by the reading one by one below, which names the file the browser could not read.
        return unreadable ? { ok: true as const, value: null } : r;
      });
      if (!unreadable) return model;
      // fetch fails alike when a file cannot be read and when the server is gone: ask the server
      // first, rather than read every chosen file into the page only to fail again.
      const alive = await api.getHostInfo(null);
      if (!alive.ok) {
        showBanner(alive.error.message);
        return null;
      }
    }
    // A file the browser cannot read is left out like one the host cannot import; the rest open.
    const read = await Promise.allSettled(files.map(readFile));
    const inputs = read.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const unread = read.flatMap((r, i) => (r.status === 'rejected' ? [{ file: files[i]!.name, reason: r.reason instanceof Error ? r.reason.message : String(r.reason) }] : []));
    if (!inputs.length) {
      showBanner(`${unread[0]!.file}: ${unread[0]!.reason}`);
      return null;
    }
    const model = await runLong(label(inputs.map((f) => f.name)), () => api.openContents({ files: inputs }));
    return model ? withUnreadFiles(model, unread, inputs.length) : null;
  };

  fileInput.addEventListener('change', () => {
    const files = [...(fileInput.files ?? [])];
    fileInput.value = '';
    void openFiles(files);
  });

  const open = async (): Promise<void> => {
    if (state.host?.mode !== 'electron') return fileInput.click();
    let unsupported = false;
    const result = await runLong('Opening…', async () => {
      const r = await api.openDialog(null);
      unsupported = !r.ok && r.error.code === 'unsupported';
      return unsupported ? { ok: true as const, value: null } : r;
    });
    if (unsupported) fileInput.click();
    else if (result) await showModel(result);
  };

  const openSample = async (): Promise<void> => {
    const model = await runLong('Opening the sample network…', () => api.openSample(null));
    if (model) await showModel(model);
  };

  let dragDepth = 0;
  window.addEventListener('dragenter', (ev) => {
    if (!ev.dataTransfer?.types.includes('Files')) return;
    dragDepth++;
    mapArea.classList.add('dragging');
    getById('drop-hint').hidden = false;
  });
  window.addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) {
      mapArea.classList.remove('dragging');
      getById('drop-hint').hidden = true;
    }
  });
  window.addEventListener('dragover', (ev) => ev.preventDefault());
  window.addEventListener('drop', (ev) => {
    ev.preventDefault();
    dragDepth = 0;
    mapArea.classList.remove('dragging');
    getById('drop-hint').hidden = true;
    void openFiles([...(ev.dataTransfer?.files ?? [])]);
  });

  // ---- dialogs, toolbar, shortcuts and menu ----------------------------------------------------
  const awsDialog = createAwsDialog(api, (m) => void showModel(m));
  const exportDialog = createExportDialog(
    api,
    {
      pngDataUrl: async () => {
        if (!state.model) return null;
        const { dataUrl, scale } = graph.exportPng();
        return framePng(dataUrl, scale, exportCaption(state.model), EDGE_LEGEND);
      },
      svgDataUrl: () => (state.model ? svgDataUrl(buildSvg({ ...graph.exportScene(state.model.title), caption: exportCaption(state.model), legend: EDGE_LEGEND })) : null),
      hasModel: () => !!state.model, title: () => state.model?.title ?? 'reachmap',
      // A picture of nothing but its caption and legend would read as "this network has no flows".
      // An empty view with no filter (nothing exposed, a file of groups alone) is itself the finding, and is exported.
      pictureProblem: () =>
        graph.visibleNodeCount() === 0 && hasActiveFilters(state.filters) ? 'Nothing is on the map to draw: the filters leave no endpoint or edge. Clear them, or export the data as JSON.' : null },
    (message) => showBanner(message, 'info'),
  );
  api.on('progress', (ev) => {
    if (awsDialog.isOpen()) awsDialog.showProgress(ev);
    else showProgress(ev);
  });

  getById('btn-open').addEventListener('click', () => void open());
  getById('btn-sample').addEventListener('click', () => void openSample());
  getById('btn-aws').addEventListener('click', () => void awsDialog.open());
  getById('btn-export').addEventListener('click', () => exportDialog.open());
  getById('btn-fit').addEventListener('click', () => graph.fit());
  // The view switch is one Tab stop (the selected view); the arrow keys, Home and End choose another.
  const viewTabs = [...document.querySelectorAll<HTMLButtonElement>('#view-switch button')];
  const markViewTab = (view: MapView): void => {
    for (const b of viewTabs) {
      b.setAttribute('aria-selected', String(b.dataset.view === view));
      b.tabIndex = b.dataset.view === view ? 0 : -1;
    }
  };
  for (const b of viewTabs) b.addEventListener('click', () => void setView(b.dataset.view as MapView));
  getById('view-switch').addEventListener('keydown', (ev) => {
    const at = viewTabs.indexOf(ev.target as HTMLButtonElement);
    const to = at < 0 || ev.ctrlKey || ev.metaKey || ev.altKey ? null : tabMoveTarget(ev.key, at, viewTabs.length);
    if (to === null) return;
    ev.preventDefault();
    viewTabs[to]!.focus();
    void setView(viewTabs[to]!.dataset.view as MapView);
  });
  markViewTab(state.view);

  const runCommand = (command: MenuCommand): void => {
    switch (command) {
      case 'open': return void open();
      case 'open-sample': return void openSample();
      case 'export': return exportDialog.open();
      case 'find': return filterInput.focus();
      case 'fit': return graph.fit();
      case 'zoom-in': return graph.zoomBy(1.25);
      case 'zoom-out': return graph.zoomBy(0.8);
      case 'view-reachability': return void setView('reachability');
      case 'view-groups': return void setView('groups');
      case 'view-exposure': return void setView('exposure');
      case 'import-aws': return void awsDialog.open();
    }
  };
  api.on('menu', runCommand);

  // Keyboard travel on the focused map (keyboard-nav.ts). The node whose edges ] and [ step through
  // is the last node selected, so stepping from one of its edges to the next keeps to that node.
  const mapElement = getById('map');
  let edgeAnchor: string | null = null;
  const goTo = (id: string | undefined): boolean => {
    if (id === undefined) return false;
    graph.tap(id);
    graph.reveal(id);
    return true;
  };
  const moveOnMap = (key: string, shift: boolean): boolean => {
    const selected = graph.selectedId();
    const ends = selected ? graph.edgeEnds(selected) : null;
    if (selected && !ends) edgeAnchor = selected;
    // An edge clicked with the mouse belongs to no stepping: its source stands in.
    if (ends && edgeAnchor !== ends.source && edgeAnchor !== ends.target) edgeAnchor = ends.source;
    const dir = directionOfKey(key);
    if (dir) {
      const leaves = graph.placedLeaves();
      // From an edge, travel starts at the node whose edges were being stepped through.
      const fromId = ends ? edgeAnchor : selected;
      const from = leaves.find((l) => l.id === fromId);
      return goTo(from ? pickNeighbour(from, leaves, dir) : pickNearest(graph.viewCenter(), leaves)) || true;
    }
    if (key === ']' || key === '[') {
      const anchor = ends ? edgeAnchor : selected;
      if (!anchor) return false;
      const edge = stepEdge(graph.visibleEdgesOf(anchor), ends ? selected : null, key === ']' ? 1 : -1);
      if (edge === undefined) return false;
      edgeAnchor = anchor;
      return goTo(edge);
    }
    if (key === 'Enter' && selected) {
      if (ends) return goTo(shift ? ends.source : ends.target);
      const data = graph.nodeData(selected);
      if (data?.role === 'endpoint-group' && data.flowNodeId) {
        // Travel goes on from the group's first member, where an arrow after the expand would
        // otherwise start again from the middle of the map.
        void expandGroup(data.flowNodeId, true).then(() => {
          const now = graph.selectedId();
          if (now !== null) graph.reveal(now);
        });
        return true;
      }
    }
    return false;
  };

  document.addEventListener('keydown', (ev) => {
    const target = ev.target as HTMLElement | null;
    // Only fields that take text: a ticked checkbox or the VPC list keeps focus, and the keys must still switch views.
    const typing = !!target && ((target.tagName === 'INPUT' && !NON_TEXT_INPUTS.has((target as HTMLInputElement).type)) || target.tagName === 'TEXTAREA' || target.isContentEditable);
    const mod = ev.ctrlKey || ev.metaKey;
    // A modal dialog owns the keyboard; the map behind it must not change.
    if (document.querySelector('dialog[open]')) return;
    if (mod && ev.key.toLowerCase() === 'f') {
      ev.preventDefault();
      filterInput.focus();
      filterInput.select();
    } else if (mod && ev.key.toLowerCase() === 'o') {
      ev.preventDefault();
      void open();
    } else if (mod && ev.key.toLowerCase() === 'e') {
      // The desktop menu has the same accelerator; in the browser the page must catch it itself.
      ev.preventDefault();
      exportDialog.open();
    } else if (mod && ev.key === '0') {
      ev.preventDefault();
      graph.fit();
    } else if (mod && (ev.key === '=' || ev.key === '+')) {
      ev.preventDefault();
      graph.zoomBy(1.25);
    } else if (mod && ev.key === '-') {
      ev.preventDefault();
      graph.zoomBy(0.8);
    } else if (!mod && !ev.altKey && !typing && ['1', '2', '3'].includes(ev.key)) {
      void setView(VIEWS[Number(ev.key) - 1]!);
    } else if (target === mapElement && !mod && !ev.altKey && moveOnMap(ev.key, ev.shiftKey)) {
      ev.preventDefault();
    } else if (ev.key === 'Escape' && !typing && target?.tagName !== 'SELECT') {
      // On the VPC list Escape closes its drop-down, and only that.
      queryPanel.cancelPick();
      clearSelection();
    }
  });

  renderLegend();

  // ---- first model -----------------------------------------------------------------------------
  const info = await api.getHostInfo(null);
  if (info.ok) state.host = info.value;
  const initial = await runLong('Opening…', () => api.getInitialModel(null));
  if (initial) await showModel(initial);
  else updateStatus();
  hook.ready = true;
}

/** A count and what it counts, singular for one: `1 endpoint`, not `1 endpoints`. */
function countOf(x: number, what: string): string {
  return `${x.toLocaleString('en-US')} ${what}${x === 1 ? '' : 's'}`;
}

/** Before any map: the kinds most maps hold. */
const DEFAULT_LEGEND_KINDS = ['load-balancer', 'instance', 'database', 'lambda', 'ecs', 'cache', 'vpc-endpoint', 'internet', 'cidr', 'external-group'];

/** The legend: the edge colours, and each kind of node on the map in its map shape and colour. */
function renderLegend(kinds: readonly string[] = DEFAULT_LEGEND_KINDS): void {
  const line = (colour: string, text: string, extra = '', opacity = 1) =>
    createEl('div', { class: 'item' }, createEl('span', { class: `swatch ${extra}`, attrs: { style: `border-top-color: ${colour}${opacity < 1 ? `; opacity: ${opacity}` : ''}` } }), text);
  const dot = (kind: string) => {
    const s = KIND_STYLES[kind]!;
    return createEl('div', { class: 'item' }, createEl('span', { class: `dot shape-${s.shape}`, attrs: { style: `background: ${s.colour}` } }), describeKind(kind));
  };
  getById('legend').replaceChildren(
    ...EDGE_LEGEND.map((l) => line(l.color, l.label, [l.thick ? 'thick' : '', l.dashed ? 'dashed' : ''].filter(Boolean).join(' '), l.opacity)),
    createEl('div', { class: 'item' }, createEl('span', { class: 'dot unknown-rules' }), 'Dotted border: a group of unknown rules'),
    createEl('div', { class: 'kinds' }, ...kinds.filter((k) => KIND_STYLES[k]).map(dot)),
  );
}

