// Type declaration for the fcose layout extension, which ships no types of its own: it is a
// Cytoscape extension registered with `cytoscape.use`, nothing more is imported from it.
declare module 'cytoscape-fcose' {
  import type { Ext } from 'cytoscape';
  const fcose: Ext;
  export default fcose;
}
