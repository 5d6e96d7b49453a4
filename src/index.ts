// The public API, by layer (see docs/ARCHITECTURE.md): the model, the engine, synthesis-time
// enforcement, the constructs, and the cdk8s validation plugin.
export * from './model/profile';
export { Platform } from './model/platform';
export * from './model/pod-security';
export * from './model/node-pools';
export * from './model/windows-node-pool';
export * from './model/finding';
export * from './model/rule-info';
export * from './engine/windows-rules';
export * from './synthesis/compliance';
export * from './constructs/placement';
export * from './constructs/workloads/options';
export * from './constructs/workloads/deployment';
export * from './constructs/workloads/stateful-set';
export * from './constructs/workloads/daemon-set';
export * from './constructs/workloads/job';
export * from './constructs/workloads/cron-job';
export * from './constructs/workloads/pod';
export * from './constructs/service';
export * from './constructs/runtime-class';
export * from './constructs/namespace';
export * from './constructs/gmsa-credential-spec';
export * from './constructs/admission-policies';
export * from './constructs/workloads/hyperv-isolated-pod';
export * from './constructs/workloads/host-process-daemon-set';
export * from './plugin/validation-plugin';
