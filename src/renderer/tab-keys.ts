/**
 * Keyboard moves in a tab list (the view switch), as the WAI-ARIA tabs pattern has them: the list
 * is one Tab stop, and the arrow keys, Home and End move between its tabs, wrapping at the ends.
 * Pure, so the moves are tested apart from the DOM.
 */

/** The tab a key moves to from tab `index` of `count`, or null for a key the tab list leaves alone. */
export function tabMoveTarget(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
