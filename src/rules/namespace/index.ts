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
