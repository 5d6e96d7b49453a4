export * from './profile';
export * from './check/finding';
export * from './check/windows-rules';
