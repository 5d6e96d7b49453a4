import { noNodePoolAccepts } from './no-node-pool-accepts';
import { nonWindowsPodOnWindowsPool } from './non-windows-pod-on-windows-pool';
import { windowsPoolBuildMismatch } from './windows-pool-build-mismatch';
import { Rule } from '../rule';

/**
 * The scheduling rules that run on every workload, Windows or not, when the target has node
 * pools: a pod no pool accepts, and a pod not meant for Windows that a Windows pool accepts.
 */
export const NODES_EVERY_WORKLOAD_RULES: readonly Rule[] = [
  noNodePoolAccepts,
  nonWindowsPodOnWindowsPool,
];

/** Node pools: which pools the scheduler may put a pod on (docs/WINDOWS-FACTS.md, Node pools). */
export const NODES_RULES: readonly Rule[] = [
  ...NODES_EVERY_WORKLOAD_RULES,
  // The build of the pools a Windows pod may land on is a fact about Windows pods only.
  windowsPoolBuildMismatch,
];
