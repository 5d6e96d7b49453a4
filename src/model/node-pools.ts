/**
 * The node pools of the cluster the manifests go to: what the scheduling rules judge a pod's
 * placement by. A pool is a set of nodes that look the same to the scheduler (labels and taints).
 */
/** What a taint does to pods that do not tolerate it. */
export enum TaintEffect {
  /** The scheduler places no new pod that does not tolerate it. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node but may still use it. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Like NoSchedule, and running pods that do not tolerate it are evicted. */
  NO_EXECUTE = 'NoExecute',
}

/** A taint of the nodes of a pool. */
export interface NodeTaint {
  /** The taint key, e.g. `os`. */
  readonly key: string;
  /**
   * The taint value, e.g. `windows`.
   * @default - no value (the empty string)
   */
  readonly value?: string;
  /** The effect. */
  readonly effect: TaintEffect;
}

/** A node pool: nodes with the same labels and taints. */
export interface NodePool {
  /** The pool's name, as messages name it (e.g. the AKS agent pool or EKS node group). */
  readonly name: string;
  /**
   * The labels every node of the pool carries (`kubernetes.io/os`, `node.kubernetes.io/windows-build`, ...).
   * A node's `kubernetes.io/hostname` is taken to be its name when the pool does not set it.
   * @default - no labels
   */
  readonly labels?: { [key: string]: string };
  /**
   * The taints of the pool's nodes.
   * @default - no taints
   */
  readonly taints?: NodeTaint[];
  /**
   * How many nodes the pool has.
   * @default - not known
   */
  readonly nodeCount?: number;
  /**
   * The names of the pool's nodes (what `matchFields` on `metadata.name` selects).
   * @default - not known: a required node affinity on `metadata.name` is not judged for this pool
   */
  readonly nodeNames?: string[];
}
