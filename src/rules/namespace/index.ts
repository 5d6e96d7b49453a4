import { gmsaUseNotGranted } from './gmsa-use-not-granted';
import { podSecurityEnforce } from './pod-security-enforce';
import { podSecurityWarn } from './pod-security-warn';
import { Rule } from '../rule';

/** What the namespace around a Windows pod admits: Pod Security Admission, the gMSA webhook. */
export const NAMESPACE_RULES: readonly Rule[] = [
  podSecurityEnforce,
  podSecurityWarn,
  gmsaUseNotGranted,
];

/** The rules that judge a pod by its namespace's Pod Security labels (the checker runs them once the whole input is read). */
export const NAMESPACE_LABEL_RULES: readonly Rule[] = [podSecurityEnforce, podSecurityWarn];
