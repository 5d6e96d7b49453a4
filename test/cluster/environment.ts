// What a cluster would already have for a set of manifests to run: the ServiceAccounts,
// PriorityClasses, RuntimeClasses and PersistentVolumeClaims their pods name but do not bring,
// and a PersistentVolume bound ahead to every claim (no storage provisioner runs in the test
// cluster). Without them pods are refused or stay Pending for reasons that say nothing about
// Windows.

/** The pod specs of a manifest (workload templates, CronJob job templates, bare pods). */
export function podSpecsOf(object: any): any[] {
  switch (object?.kind) {
    case 'Pod': return [object.spec];
    case 'CronJob': return [object.spec?.jobTemplate?.spec?.template?.spec];
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'Job': case 'ReplicaSet': case 'ReplicationController':
      return [object.spec?.template?.spec];
    default: return [];
  }
}

/** Objects to create before `manifests` in `namespace` (a namespace of their own). */
export function environmentFor(manifests: any[], namespace: string): any[] {
  const has = (kind: string, name: string) => manifests.some(m => m.kind === kind && m.metadata?.name === name);
  const out: any[] = [];
  const seen = new Set<string>();
  const add = (object: any) => {
    const key = `${object.kind}/${object.metadata.name}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(object);
    }
  };
  const claims: { name: string; storage: string; accessModes: string[]; storageClassName?: string; volumeMode?: string }[] = [];

  for (const object of manifests) {
    for (const spec of podSpecsOf(object).filter(Boolean)) {
      const account = spec.serviceAccountName ?? spec.serviceAccount;
      if (account && account !== 'default' && !has('ServiceAccount', account)) {
        add({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account } });
      }
      const priority = spec.priorityClassName;
      if (priority && !priority.startsWith('system-') && !has('PriorityClass', priority)) {
        add({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: priority }, value: 1000 });
      }
      const runtimeClass = spec.runtimeClassName;
      if (runtimeClass && !has('RuntimeClass', runtimeClass)) {
        // A bare RuntimeClass: what it would add to the pod's scheduling is not known.
        add({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: runtimeClass }, handler: runtimeClass.toLowerCase() });
      }
      for (const volume of spec.volumes ?? []) {
        const claim = volume.persistentVolumeClaim?.claimName;
        if (claim && !has('PersistentVolumeClaim', claim)) {
          claims.push({ name: claim, storage: '1Gi', accessModes: ['ReadWriteOnce'], storageClassName: '' });
          add({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: '', resources: { requests: { storage: '1Gi' } } } });
        }
      }
    }
    if (object.kind === 'PersistentVolumeClaim') {
      claims.push({ name: object.metadata.name, storage: object.spec?.resources?.requests?.storage ?? '1Gi', accessModes: object.spec?.accessModes ?? ['ReadWriteOnce'], storageClassName: object.spec?.storageClassName, volumeMode: object.spec?.volumeMode });
    }
    if (object.kind === 'StatefulSet') {
      for (const template of object.spec?.volumeClaimTemplates ?? []) {
        for (let ordinal = 0; ordinal < (object.spec.replicas ?? 1); ordinal++) {
          const t = template.spec ?? {};
          claims.push({ name: `${template.metadata.name}-${object.metadata.name}-${ordinal}`, storage: t.resources?.requests?.storage ?? '1Gi', accessModes: t.accessModes ?? ['ReadWriteOnce'], storageClassName: t.storageClassName, volumeMode: t.volumeMode });
        }
      }
    }
  }
  for (const claim of claims) {
    add({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `${namespace}-${claim.name}`.slice(0, 253) },
      spec: {
        capacity: { storage: claim.storage },
        accessModes: claim.accessModes,
        ...(claim.storageClassName !== undefined ? { storageClassName: claim.storageClassName } : {}),
        ...(claim.volumeMode ? { volumeMode: claim.volumeMode } : {}),
        csi: { driver: 'disk.csi.azure.com', volumeHandle: `${namespace}-${claim.name}` },
        claimRef: { namespace, name: claim.name },
      },
    });
  }
  return out;
}
