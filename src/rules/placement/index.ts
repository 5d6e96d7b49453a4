import { osSelectorConflict } from './os-selector-conflict';
import { windowsImageBuildMismatch } from './windows-image-build-mismatch';
import { windowsImageWithoutWindowsPlacement } from './windows-image-without-windows-placement';
import { windowsIntentWithoutPlacement } from './windows-intent-without-placement';
import { Rule } from '../rule';

export { hasWindowsPlacement, podTargetsWindows } from '../lib/placement';

/** Placement: the os field, selectors, image builds (docs/WINDOWS-FACTS.md, Placement). */
export const PLACEMENT_RULES: readonly Rule[] = [
  windowsImageBuildMismatch,
  windowsImageWithoutWindowsPlacement,
  windowsIntentWithoutPlacement,
  osSelectorConflict,
];
