import { Severity } from '../../model/finding';
import { celContainer, celEach, celString, CONTAINERS } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { containerLabel, isSet, show } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';

/** The Kubernetes default, which the kubelet maps into Windows containers. */
const DEFAULT_TERMINATION_MESSAGE_PATH = '/dev/termination-log';

export const terminationMessagePath: Rule = {
  name: 'termination-message-path',
  severity: Severity.WARNING,
  summary: 'A container sets `terminationMessagePath` to something other than the default `/dev/termination-log`.',
  why: 'The kubelet bind-mounts the termination message as a single file; Windows maps single files only in limited ways (Docker EE maps directories only) and only the default path is known to work, so a custom path may not be mounted and the message is lost.',
  remediation: 'Remove `terminationMessagePath` (keep the default), or use `terminationMessagePolicy: FallbackToLogsOnError` to take the message from the log.',
  docsUrl: DOCS.containers,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'kubernetes.io concepts/windows/intro #compatibility-v1-pod-spec-containers (1.27 and newest docs); pkg/kubelet/kubelet_pods.go (v1.37.2: TerminationMessagePath on Windows only with containerd)',
  admission: {
    checks: () => {
      const fails = `has(c.terminationMessagePath) && c.terminationMessagePath != ${celString(DEFAULT_TERMINATION_MESSAGE_PATH)}`;
      return [{
        expression: `${CONTAINERS}.all(c, !(${fails}))`,
        messageExpression: celEach(CONTAINERS, 'c', fails, `${celContainer('c')} + ' sets terminationMessagePath: ' + c.terminationMessagePath`),
      }];
    },
  },
  checkPod: ({ containers }) => containers
    .filter(({ container }) => isSet(container.terminationMessagePath) && container.terminationMessagePath !== DEFAULT_TERMINATION_MESSAGE_PATH)
    .map(location => ({
      path: `${location.path}.terminationMessagePath`,
      message: `${containerLabel(location)} sets terminationMessagePath: ${show(location.container.terminationMessagePath)}`,
    })),
};
