import { Severity } from '../../model/finding';
import { celContainer, celJoinFew, celString, CONTAINERS, hasPath, SPEC } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { isSet, show, windowsOptionsOf } from '../lib/security-context';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../rule';

// IsDNS1123Subdomain (k8s.io/apimachinery/pkg/util/validation) and the credential spec limit.
const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const DNS1123_SUBDOMAIN_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FORMAT}$`);
const MAX_CREDENTIAL_SPEC_KIB = 64;

/** The API server's messages for a `gmsaCredentialSpecName`, in upstream order. */
export function gmsaCredentialSpecNameErrors(name: string): string[] {
  const errors: string[] = [];
  if (Buffer.byteLength(name, 'utf8') > DNS1123_SUBDOMAIN_MAX_LENGTH) errors.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX_LENGTH} characters`);
  if (!DNS1123_SUBDOMAIN.test(name)) {
    errors.push('a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character '
      + `(e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN_FORMAT}')`);
  }
  return errors;
}

/** The API server's message for a `gmsaCredentialSpec`, if any (its size is counted in UTF-8 bytes). */
export function gmsaCredentialSpecErrors(spec: string): string[] {
  const bytes = Buffer.byteLength(spec, 'utf8');
  if (bytes === 0) return ['gmsaCredentialSpec cannot be an empty string'];
  if (bytes > MAX_CREDENTIAL_SPEC_KIB * 1024) return [`gmsaCredentialSpec size must be under ${MAX_CREDENTIAL_SPEC_KIB} KiB`];
  return [];
}

/** CEL that is true when the windowsOptions `o` (present) hold a valid gMSA setting, or none: the checks of the two functions above. */
export function celValidGmsa(o: string): string {
  const name = `${o}.gmsaCredentialSpecName`;
  const spec = `${o}.gmsaCredentialSpec`;
  return `(!has(${name}) || (size(bytes(${name})) <= ${DNS1123_SUBDOMAIN_MAX_LENGTH} && ${name}.matches(${celString(DNS1123_SUBDOMAIN.source)})))`
    + ` && (!has(${spec}) || (size(bytes(${spec})) > 0 && size(bytes(${spec})) <= ${MAX_CREDENTIAL_SPEC_KIB * 1024}))`;
}

export const invalidGmsa: Rule = {
  name: 'invalid-gmsa',
  severity: Severity.ERROR,
  summary: 'A pod or container gMSA setting breaks the API server\'s limits: `gmsaCredentialSpecName` not a DNS-1123 subdomain, `gmsaCredentialSpec` empty or over 64 KiB.',
  why: 'gmsaCredentialSpecName names a GMSACredentialSpec resource, so it must be a lowercase DNS-1123 subdomain of at most 253 characters; the inline gmsaCredentialSpec must be non-empty and at most 64 KiB. The API server rejects anything else.',
  remediation: 'Reference the GMSACredentialSpec resource by its exact (lowercase) name in `gmsaCredentialSpecName`; leave `gmsaCredentialSpec` to the gMSA admission webhook, which fills it in.',
  docsUrl: DOCS.gmsa,
  hostProcessPods: HostProcessPods.CHECKED,
  apiServer: ApiServerEnforcement.ALWAYS,
  sources: 'pkg/apis/core/validation/validation.go validateWindowsSecurityContextOptions (v1.27.16 and v1.37.2, identical); kubernetes.io tasks/configure-pod-container/configure-gmsa (1.27 and newest docs)',
  admission: {
    checks: () => {
      const options = 'securityContext.windowsOptions';
      const podInvalid = `${hasPath(SPEC, options)} && !(${celValidGmsa(`${SPEC}.${options}`)})`;
      const invalid = `${hasPath('c', options)} && !(${celValidGmsa(`c.${options}`)})`;
      return [{
        expression: `!(${podInvalid}) && ${CONTAINERS}.all(c, !(${invalid}))`,
        messageExpression: `${celJoinFew(`[${podInvalid} ? 'pod' : ''].filter(m, m != '') + ${CONTAINERS}.filter(c, ${invalid}).map(c, ${celContainer('c')})`, ', ')}`
          + ` + ' set' + ${celString(': gmsaCredentialSpecName must be a lowercase DNS-1123 subdomain of at most 253 characters, gmsaCredentialSpec non-empty and at most 64 KiB')}`,
      }];
    },
  },
  checkPod: ({ pod, containers }) => windowsOptionsOf(pod, containers).flatMap(({ options, path, owner }) => {
    const check = (field: string, errorsOf: (value: string) => string[]) => {
      const value: unknown = options[field];
      if (!isSet(value)) return [];
      const errors = typeof value === 'string' ? errorsOf(value) : [`${field} must be a string`];
      return errors.map(error => ({
        path: `${path}.${field}`,
        message: `${owner} sets securityContext.windowsOptions.${field}: ${show(value)} (${error})`,
      }));
    };
    return [
      ...check('gmsaCredentialSpecName', gmsaCredentialSpecNameErrors),
      ...check('gmsaCredentialSpec', gmsaCredentialSpecErrors),
    ];
  }),
};
