/**
 * Names for files the page sends by content (browser mode, or dropped without a path). A browser
 * gives a chosen file's name without its folder, so `a/prod.tfstate` and `b/prod.tfstate` both
 * arrive as `prod.tfstate`: the map's title, the details' "Source file", the snapshot's sources and
 * the exports' caption would then name one input for two. A repeated name gets a number before its
 * extension (`prod (2).tfstate`), the extension kept because importers look at it (`.xml`).
 */

/** The names, each repeat numbered (`prod (2).tfstate`) so that no two are equal. */
export function distinctNames(names: readonly string[]): string[] {
  const taken = new Set(names);
  const seen = new Set<string>();
  return names.map((name) => {
    if (!seen.has(name)) {
      seen.add(name);
      return name;
    }
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let n = 2;
    let candidate = `${stem} (${n})${ext}`;
    // Never a name another chosen file already has (`prod (2).tfstate` chosen beside two `prod.tfstate`).
    while (taken.has(candidate) || seen.has(candidate)) candidate = `${stem} (${++n})${ext}`;
    seen.add(candidate);
    return candidate;
  });
}
