export * from './profile';
export * from './placement';
export * from './workloads/options';
export * from './check/finding';
export * from './check/windows-rules';
export * from './check/compliance';
export * from './workloads/deployment';
