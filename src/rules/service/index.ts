import { localTrafficPolicyNeedsDsr } from './local-traffic-policy-needs-dsr';
import { maxServiceBackends } from './max-service-backends';
import { noIpv6SingleStack } from './no-ipv6-single-stack';
import { nodeLocalAccess } from './node-local-access';
import { sessionAffinityNeeds2022 } from './session-affinity-needs-2022';
import { Rule } from '../rule';

/** Section 5 of the specification: Services. */
export const SERVICE_RULES: readonly Rule[] = [
  noIpv6SingleStack,
  localTrafficPolicyNeedsDsr,
  sessionAffinityNeeds2022,
  nodeLocalAccess,
  maxServiceBackends,
];
