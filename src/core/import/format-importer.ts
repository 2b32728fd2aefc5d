/**
 * The plug-in shape every input format implements (Terraform state/plan/show, AWS CLI JSON, saved
 * snapshots). `importInputs` asks each importer in turn whether it recognises a parsed document, so
 * adding a format means adding one object to the list in `import/index.ts`, nothing else.
 */
import type { Snapshot } from '../model';

export interface FormatImporter {
  /** A short name for logs, e.g. 'terraform' or 'aws-cli'. */
  readonly name: string;
  /**
   * Returns the detected format (recorded in `Snapshot.sources`, e.g. 'tfstate-v4',
   * 'aws-cli:describe-security-groups') or null when this importer does not recognise the document.
   * Must be cheap: it looks at top-level keys only.
   */
  detect(doc: unknown, fileName: string): string | null;
  /**
   * Reads one recognised document into a partial snapshot. References to groups that are not in this
   * document stay as plain ids: the merge step turns the ones no input defines into external groups.
   * Throws ImportError (naming the file) when the document is recognised but unusable.
   */
  read(doc: unknown, fileName: string, format: string): Snapshot;
}
