// The Windows policy pack with the default profile (Kubernetes 1.27, containerd, process
// isolation), run by bin/cdk8s-windows-policy-pack. Set the profile per policy at run time with
// `--policy-pack-config`.
import { windowsPolicyPack } from './policy-pack';

windowsPolicyPack('cdk8s-windows');
