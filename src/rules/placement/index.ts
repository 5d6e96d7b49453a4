import { osSelectorConflict } from './os-selector-conflict';
import { windowsImageBuildMismatch } from './windows-image-build-mismatch';
import { windowsImageWithoutWindowsPlacement } from './windows-image-without-windows-placement';
import { windowsIntentWithoutPlacement } from './windows-intent-without-placement';
import { Rule } from '../rule';

export { hasWindowsPlacement, podTargetsWindows } from '../lib/placement';

/** Section 1 of the specification: placement (os field, selectors, image builds). */
export const PLACEMENT_RULES: readonly Rule[] = [
  windowsImageBuildMismatch,
  windowsImageWithoutWindowsPlacement,
  windowsIntentWithoutPlacement,
  osSelectorConflict,
];
