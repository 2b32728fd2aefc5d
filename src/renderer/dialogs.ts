/**
 * The two modal dialogs: Import from AWS (profile, regions, VPC, endpoint URL, with progress and
 * Cancel while the host fetches) and Export (map image, snapshot or analysis). They talk to the host
 * only through the API and hand results back to the app through callbacks.
 */
import type { ExportArgs, ExportOutcome, LoadedModel, ProgressEvent, RendererApi } from '../shared/api-contract';
import { getById, createEl } from './dom';

export interface AwsDialog {
  open(): Promise<void>;
  showProgress(ev: ProgressEvent): void;
  isOpen(): boolean;
}

export function createAwsDialog(api: RendererApi, onLoaded: (m: LoadedModel) => void): AwsDialog {
  const dialog = getById<HTMLDialogElement>('aws-dialog');
  const form = getById<HTMLFormElement>('aws-form');
  const profile = getById<HTMLSelectElement>('aws-profile');
  const regions = getById<HTMLInputElement>('aws-regions');
  const allRegions = getById<HTMLInputElement>('aws-all-regions');
  const vpc = getById<HTMLInputElement>('aws-vpc');
  const endpoint = getById<HTMLInputElement>('aws-endpoint');
  const progress = getById('aws-progress');
  const progressText = getById('aws-progress-text');
  const progressBar = getById('aws-progress-bar');
  const error = getById('aws-error');
  const importButton = getById<HTMLButtonElement>('aws-import');
  const cancelButton = getById<HTMLButtonElement>('aws-cancel');
  let running = false;
  const regionOf = new Map<string, string>();

  const setError = (message: string | null): void => showDialogError(error, message);
  allRegions.addEventListener('change', () => (regions.disabled = allRegions.checked));
  profile.addEventListener('change', () => {
    const r = regionOf.get(profile.value);
    if (r && !regions.value.trim()) regions.value = r;
  });
  cancelButton.addEventListener('click', async () => {
    if (running) await api.cancel(null);
    else dialog.close();
  });
  // Escape closes a modal dialog on its own: while an import runs it cancels it instead, as the
  // Cancel button does, rather than leave it running behind a closed dialog.
  dialog.addEventListener('cancel', (ev) => {
    if (!running) return;
    ev.preventDefault();
    void api.cancel(null);
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const list = regions.value.split(/[\s,]+/).map((r) => r.trim()).filter(Boolean);
    if (!allRegions.checked && list.length === 0) return setError('Give at least one region, or tick "All enabled regions".');
    if (endpoint.value.trim() && !/^https?:\/\//.test(endpoint.value.trim())) return setError('The endpoint URL must start with http:// or https://.');
    setError(null);
    running = true;
    importButton.disabled = true;
    progress.hidden = false;
    progressText.textContent = 'Connecting to AWS…';
    const result = await api.importAws({
      profile: profile.value || undefined,
      regions: list,
      allRegions: allRegions.checked,
      vpcId: vpc.value.trim() || undefined,
      endpointUrl: endpoint.value.trim() || undefined,
    });
    running = false;
    importButton.disabled = false;
    progress.hidden = true;
    if (!result.ok) return setError(result.error.code === 'cancelled' ? 'Import cancelled.' : result.error.message);
    dialog.close();
    onLoaded(result.value);
  });

  return {
    async open() {
      setError(null);
      progress.hidden = true;
      dialog.showModal();
      profile.replaceChildren(createEl('option', { text: 'Loading profiles…', attrs: { value: '' } }));
      const result = await api.listAwsProfiles(null);
      profile.replaceChildren(createEl('option', { text: 'Default credential chain', attrs: { value: '' } }));
      if (!result.ok) return setError(result.error.message);
      for (const p of result.value) {
        if (p.region) regionOf.set(p.name, p.region);
        profile.append(createEl('option', { text: `${p.name} (${p.kind}${p.region ? `, ${p.region}` : ''})`, attrs: { value: p.name } }));
      }
    },
    showProgress(ev) {
      if (!running) return;
      // The message names the region and the call already (`us-east-1: DescribeSecurityGroups page 2…`).
      progressText.textContent = ev.message || [ev.region, ev.call].filter(Boolean).join(' · ');
      const determinate = ev.total !== undefined && ev.done !== undefined && ev.total > 0;
      progressBar.classList.toggle('indeterminate', !determinate);
      progressBar.style.width = determinate ? `${Math.round((100 * ev.done!) / ev.total!)}%` : '';
    },
    isOpen: () => dialog.open,
  };
}

export interface ExportDialogHooks {
  /** The map as a PNG data URL, framed with its caption and legend (png-export.ts). */
  pngDataUrl(): Promise<string | null>;
  /** The map as a vector SVG data URL (svg-export.ts). */
  svgDataUrl(): string | null;
  hasModel(): boolean;
  title(): string;
  /** Why a picture of the map would mislead (nothing on it), or null: the dialog says so instead of exporting. */
  pictureProblem(): string | null;
}

/** Saves a host answer: Electron saved it already; in browser mode the page downloads the content. */
export function deliverExport(outcome: ExportOutcome): string | null {
  if (outcome.savedTo) return `Saved to ${outcome.savedTo}`;
  if (!outcome.download) return null;
  const { name, mime, content } = outcome.download;
  const href = content.startsWith('data:') ? content : URL.createObjectURL(new Blob([content], { type: mime }));
  const a = createEl('a', { attrs: { href, download: name } });
  document.body.append(a);
  a.click();
  a.remove();
  if (!content.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return `Downloaded ${name}`;
}

export function createExportDialog(api: RendererApi, hooks: ExportDialogHooks, notify: (message: string) => void): { open(): void } {
  const dialog = getById<HTMLDialogElement>('export-dialog');
  const form = getById<HTMLFormElement>('export-form');
  const error = getById('export-error');
  getById('export-cancel').addEventListener('click', () => dialog.close());
  // A refusal of one format says nothing of another.
  form.addEventListener('change', () => showDialogError(error, null));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const format = (new FormData(form).get('format') ?? 'png') as ExportArgs['format'];
    const base = hooks.title().replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'reachmap';
    const args: ExportArgs = { format };
    if (format === 'png' || format === 'svg') {
      const problem = hooks.pictureProblem();
      if (problem) return showDialogError(error, problem);
      const image = format === 'png' ? await hooks.pngDataUrl() : hooks.svgDataUrl();
      if (!image) return;
      args.dataUrl = image;
      args.defaultName = `${base}.${format}`;
    } else args.defaultName = `${base}-${format}.json`;
    const result = await api.exportData(args);
    if (!result.ok) {
      if (result.error.code === 'cancelled') return dialog.close();
      return showDialogError(error, result.error.message);
    }
    dialog.close();
    const message = deliverExport(result.value);
    if (message) notify(message);
  });
  return {
    open() {
      if (!hooks.hasModel()) return;
      showDialogError(error, null);
      dialog.showModal();
    },
  };
}

/** A dialog's error line: the message shown, or hidden when there is none. */
function showDialogError(el: HTMLElement, message: string | null): void {
  el.hidden = !message;
  el.textContent = message ?? '';
}
