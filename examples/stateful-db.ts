import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WindowsService, WindowsStatefulSet } from '../src';

/** A Windows database in a StatefulSet on an Azure Disk claim, behind a headless Service. */
export class StatefulDbChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    const service = new WindowsService(this, 'db', { clusterIP: 'None', ports: [{ port: 1433 }] });
    const claim = new kplus.PersistentVolumeClaim(this, 'data', {
      storageClassName: 'managed-csi',
      storage: Size.gibibytes(64),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    });
    const db = new WindowsStatefulSet(this, 'sql', {
      service,
      replicas: 1,
      containers: [{
        name: 'sql',
        image: 'contoso.azurecr.io/sqlserver-windows:2022-ltsc2022',
        portNumber: 1433,
        resources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(4) } },
      }],
    });
    db.containers[0].mount('C:\\data', kplus.Volume.fromPersistentVolumeClaim(this, 'data-volume', claim));
  }
}
