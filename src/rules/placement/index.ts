import { linuxOnlyImageRule } from './linux-only-image';
import { osSelectorConflict } from './os-selector-conflict';
import { windowsImageBuildMismatch } from './windows-image-build-mismatch';
import { windowsImageWithoutWindowsPlacement } from './windows-image-without-windows-placement';
import { windowsIntentWithoutPlacement } from './windows-intent-without-placement';
import { Rule } from '../rule';

export { hasWindowsPlacement, podTargetsWindows } from '../lib/placement';

/**
 * The placement rules that run on every workload, Windows or not: they catch pods that run Windows
 * images or ask for Windows without Windows placement, or that contradict their own placement.
 */
export const EVERY_WORKLOAD_RULES: readonly Rule[] = [
  windowsImageBuildMismatch,
  windowsImageWithoutWindowsPlacement,
  windowsIntentWithoutPlacement,
  osSelectorConflict,
];

/** Section 1 of the specification: placement (os field, selectors, image builds, images a Windows node cannot run). */
export const PLACEMENT_RULES: readonly Rule[] = [
  ...EVERY_WORKLOAD_RULES,
  // A Linux-only image is a fact about Windows pods only: a Linux pod runs it.
  linuxOnlyImageRule,
];
