/**
 * The version string shown by `reachmap --version` and written into JSON documents. Read from
 * package.json at bundle time so there is a single place to bump it.
 */
import pkg from '../../package.json';

export const VERSION: string = pkg.version;
export const TOOL = `reachmap ${VERSION}`;
