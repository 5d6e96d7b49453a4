// The cdk8s-windows policy pack for this program's target: Windows Server 2022 nodes on
// Kubernetes 1.29, warnings blocking too. Run by ./run (see README.md).
const { windowsPolicyPack } = require('cdk8s-windows-pulumi');

windowsPolicyPack('windows-web', { kubernetesVersion: '1.29', windowsServerVersion: '2022', strict: true });
