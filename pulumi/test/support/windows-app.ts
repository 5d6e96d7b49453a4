import { App, Chart } from 'cdk8s';
import { TargetProfile, WindowsDeployment, WindowsServerVersion } from 'cdk8s-windows';

/** An image built for Windows Server 2022. */
export const LTSC2022_IMAGE = 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022';

/**
 * A cdk8s app of one `WindowsDeployment` exposed by a Service, targeting Windows Server 2022.
 * @param image the container image (an ltsc2019 image fails synthesis: windows-image-build-mismatch)
 */
export function windowsApp(image: string = LTSC2022_IMAGE): App {
  const app = new App();
  const chart = new Chart(app, 'web');
  TargetProfile.configure(chart, { windowsServerVersion: WindowsServerVersion.WS2022 });
  const site = new WindowsDeployment(chart, 'site', { containers: [{ image, portNumber: 8080 }] });
  site.exposeViaService();
  return app;
}
