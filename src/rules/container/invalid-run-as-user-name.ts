import { Severity } from '../../model/finding';
import { memoizeByString } from '../../model/memoize';
import { celContainer, celJoinFew, celString, CONTAINERS, hasPath, SPEC } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { isSet, show, windowsOptionsOf } from '../lib/security-context';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../rule';

// The limits and patterns of validateWindowsSecurityContextOptions (pkg/apis/core/validation).
const MAX_DOMAIN_BYTES = 256;
const MAX_USER_BYTES = 104;
// Go's [[:cntrl:]] is ASCII only.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;
// Go matches runes: the `u` flag makes {0,14} count code points, as upstream does.
const NETBIOS_DOMAIN = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/u;
const DNS_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const DNS_DOMAIN = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const ONLY_DOTS_SPACES = /^[. ]+$/;
const FORBIDDEN_USER_CHARACTERS = /["/\\:;|=,+*?<>@[\]]/;

/**
 * What the API server says about a `runAsUserName`, one upstream message per failed check, in
 * upstream order: empty, control characters and backslashes stop the checks; the domain and user
 * checks after them are independent (a value can fail several). Lengths are UTF-8 bytes, as in Go.
 */
export const runAsUserNameErrors: (value: string) => readonly string[] = memoizeByString(value => Object.freeze(userNameErrors(value)));

function userNameErrors(value: string): string[] {
  if (value.length === 0) return ['runAsUserName cannot be an empty string'];
  if (CONTROL.test(value)) return ['runAsUserName cannot contain control characters'];
  const parts = value.split('\\');
  if (parts.length > 2) return ['runAsUserName cannot contain more than one backslash'];
  const [domain, user] = parts.length === 1 ? ['', parts[0]] : parts;
  const errors: string[] = [];
  if (Buffer.byteLength(domain, 'utf8') >= MAX_DOMAIN_BYTES) {
    errors.push(`runAsUserName's Domain length must be under ${MAX_DOMAIN_BYTES} characters`);
  }
  if (parts.length === 2 && !(NETBIOS_DOMAIN.test(domain) || DNS_DOMAIN.test(domain))) {
    errors.push('runAsUserName\'s Domain doesn\'t match the NetBios nor the DNS format');
  }
  const userBytes = Buffer.byteLength(user, 'utf8');
  if (userBytes === 0) {
    errors.push('runAsUserName\'s User cannot be empty');
  } else if (userBytes > MAX_USER_BYTES) {
    errors.push(`runAsUserName's User length must not be longer than ${MAX_USER_BYTES} characters`);
  }
  if (ONLY_DOTS_SPACES.test(user)) errors.push('runAsUserName\'s User cannot contain only periods or spaces');
  if (FORBIDDEN_USER_CHARACTERS.test(user)) {
    errors.push('runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]');
  }
  return errors;
}

/**
 * CEL that is true when the runAsUserName `u` passes `runAsUserNameErrors`: the same checks and
 * patterns (RE2 matches runes as Go does), lengths in UTF-8 bytes.
 */
export function celValidRunAsUserName(u: string): string {
  const bytes = (s: string) => `size(bytes(${s}))`;
  const domain = "(size(p) == 2 ? p[0] : '')";
  const user = 'p[size(p) - 1]';
  return `(size(${u}) > 0 && !${u}.matches(${celString(CONTROL.source)}) && [${u}.split(${celString('\\')})].all(p, size(p) <= 2`
    + ` && ${bytes(domain)} < ${MAX_DOMAIN_BYTES}`
    + ` && (size(p) == 1 || ${domain}.matches(${celString(NETBIOS_DOMAIN.source)}) || ${domain}.matches(${celString(DNS_DOMAIN.source)}))`
    + ` && ${bytes(user)} > 0 && ${bytes(user)} <= ${MAX_USER_BYTES}`
    + ` && !${user}.matches(${celString(ONLY_DOTS_SPACES.source)}) && !${user}.matches(${celString(FORBIDDEN_USER_CHARACTERS.source)})))`;
}

export const invalidRunAsUserName: Rule = {
  name: 'invalid-run-as-user-name',
  severity: Severity.ERROR,
  summary: 'A pod or container `windowsOptions.runAsUserName` breaks the API server\'s limits (empty, control characters, more than one `\\`, bad domain, empty/long/forbidden user).',
  why: 'The API server validates runAsUserName as `[DOMAIN\\]USER`: a NetBIOS (15 characters, no leading dot) or DNS domain under 256 bytes, and a user of 1 to 104 bytes that is not only dots or spaces and has none of " / \\ : ; | = , + * ? < > @ [ ].',
  remediation: 'Use a local account such as `ContainerUser`, `ContainerAdministrator` or `NT AUTHORITY\\NETWORK SERVICE`, or `DOMAIN\\user` with a NetBIOS or DNS domain. For domain identities prefer gMSA (`gmsaCredentialSpecName`).',
  docsUrl: DOCS.runAsUserName,
  hostProcessPods: HostProcessPods.CHECKED,
  apiServer: ApiServerEnforcement.ALWAYS,
  sources: 'pkg/apis/core/validation/validation.go validateWindowsSecurityContextOptions and its constants (v1.27.16 and v1.37.2, identical); kubernetes.io tasks/configure-pod-container/configure-runasusername (1.27 and newest docs)',
  admission: {
    checks: () => {
      const field = 'securityContext.windowsOptions.runAsUserName';
      const podInvalid = `${hasPath(SPEC, field)} && !${celValidRunAsUserName(`${SPEC}.${field}`)}`;
      const invalid = `${hasPath('c', field)} && !${celValidRunAsUserName(`c.${field}`)}`;
      return [{
        expression: `!(${podInvalid}) && ${CONTAINERS}.all(c, !(${invalid}))`,
        messageExpression: celJoinFew(`[${podInvalid} ? 'pod sets runAsUserName ' + ${celString('"')} + ${SPEC}.${field} + ${celString('"')} : ''].filter(m, m != '')`
          + ` + ${CONTAINERS}.filter(c, ${invalid}).map(c, ${celContainer('c')} + ' sets runAsUserName ' + ${celString('"')} + c.${field} + ${celString('"')})`)
          + " + ': not a valid [DOMAIN\\\\]USER'",
      }];
    },
  },
  checkPod: ({ pod, containers }) => windowsOptionsOf(pod, containers).flatMap(({ options, path, owner }) => {
    const value: unknown = options.runAsUserName;
    if (!isSet(value)) return [];
    const errors = typeof value === 'string' ? runAsUserNameErrors(value) : ['runAsUserName must be a string'];
    return errors.map(error => ({
      path: `${path}.runAsUserName`,
      message: `${owner} sets securityContext.windowsOptions.runAsUserName: ${show(value)} (${error})`,
    }));
  }),
};
