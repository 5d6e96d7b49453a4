// cdk8s-windows for Pulumi: the Windows policy pack and the cdk8s chart component.
export * from './policy-config';
export * from './policy-pack';
export * from './resource-manifests';
export * from './run-policy-pack';
export * from './windows-chart';
