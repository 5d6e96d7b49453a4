import { directoryMountsOnly } from './directory-mounts-only';
import { noFileMode } from './no-file-mode';
import { noMemoryMedium } from './no-memory-medium';
import { noNfs } from './no-nfs';
import { secretOnNodeDisk } from './secret-on-node-disk';
import { Rule } from '../rule';

/** Volumes (docs/WINDOWS-FACTS.md, Volumes). */
export const VOLUME_RULES: readonly Rule[] = [
  noMemoryMedium,
  noNfs,
  directoryMountsOnly,
  noFileMode,
  secretOnNodeDisk,
];
