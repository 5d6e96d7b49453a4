// Image reference reading: which Windows build a tag pins, and whether an image looks Windows.
// Includes the false positives the inference must not fall for.
import { inferWindowsBuild, isWindowsImage } from '../../src/model/images';

describe('inferWindowsBuild', () => {
  test.each([
    // LTSC names
    ['mcr.microsoft.com/windows/servercore:ltsc2019', 17763],
    ['mcr.microsoft.com/windows/servercore:ltsc2022', 20348],
    ['mcr.microsoft.com/windows/server:ltsc2025', 26100],
    ['mcr.microsoft.com/windows/nanoserver:ltsc2022-amd64', 20348],
    ['mcr.microsoft.com/windows/servercore:LTSC2022', 20348],
    ['contoso.azurecr.io/app:1.2.3-ltsc2019', 17763],
    // the 1809 release name
    ['mcr.microsoft.com/windows/nanoserver:1809', 17763],
    ['mcr.microsoft.com/windows/servercore:1809-amd64', 17763],
    ['mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-1809', 17763],
    ['golang:1.22-windowsservercore-1809', 17763],
    // the semi-annual releases of the seed era
    ['mcr.microsoft.com/windows/servercore:1709', 16299],
    ['microsoft/iis:windowsservercore-1803', 17134],
    // 10.0.<build>[.<revision>]
    ['mcr.microsoft.com/windows/servercore:10.0.20348.2340', 20348],
    ['mcr.microsoft.com/windows/servercore:10.0.17763', 17763],
    ['mcr.microsoft.com/windows/servercore:10.0.26100.1742-amd64', 26100],
    // framework images with flavour and release in the tag
    ['mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', 20348],
    ['mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019', 17763],
    ['mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022', 20348],
    ['mcr.microsoft.com/dotnet/sdk:6.0-windowsservercore-ltsc2022-amd64', 20348],
    ['mcr.microsoft.com/powershell:lts-nanoserver-ltsc2025', 26100],
    // a bare year only right after a Windows flavour token
    ['contoso/agent:windows-2022', 20348],
    ['contoso/agent:3.1-nanoserver-2019', 17763],
    // digests, registry ports
    ['mcr.microsoft.com/windows/servercore:ltsc2022@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 20348],
    ['myreg:5000/app:ltsc2022', 20348],
    ['myreg.example.com:5000/team/app:4.8-windowsservercore-ltsc2019@sha256:abcdef', 17763],
  ])('%s pins build %d', (image, build) => {
    expect(inferWindowsBuild(image)).toBe(build);
  });

  test.each([
    // no tag, latest, digest only, registry port without tag
    'mcr.microsoft.com/windows/servercore',
    'mcr.microsoft.com/windows/servercore:latest',
    'mcr.microsoft.com/windows/servercore@sha256:0123456789abcdef',
    'myreg:5000/app',
    'myreg:5000/app@sha256:0123456789abcdef',
    // Linux and multi-platform images
    'nginx:1.27',
    'nginx:1.2022.1',
    'contoso/app:2022-01-05',
    'contoso/app:2022',
    'myapp:1809-build',
    'myapp:1809',
    'mcr.microsoft.com/mssql/server:2022-latest',
    'mcr.microsoft.com/mssql/server:2019-CU27-ubuntu-20.04',
    'contoso/app:v10.0.1',
    'mcr.microsoft.com/oss/kubernetes/pause:3.9',
    // a Windows image whose tag names no build
    'mcr.microsoft.com/windows/servercore/iis:windowsservercore',
    'contoso.azurecr.io/app:1.0',
  ])('%s pins no build', image => {
    expect(inferWindowsBuild(image)).toBeUndefined();
  });

  test('a 1809 token counts only in an image that otherwise looks Windows', () => {
    expect(inferWindowsBuild('contoso/app:1809')).toBeUndefined();
    expect(inferWindowsBuild('microsoft/nanoserver:1809')).toBe(17763);
    expect(inferWindowsBuild('contoso/app:1.0-windows-1809')).toBe(17763);
  });

  test('a registry port is not a tag', () => {
    expect(inferWindowsBuild('ltsc2022:5000/app')).toBeUndefined();
    expect(inferWindowsBuild('ltsc2022:5000/app:1.0')).toBeUndefined();
  });
});

describe('isWindowsImage', () => {
  test.each([
    'mcr.microsoft.com/windows/servercore:ltsc2022',
    'mcr.microsoft.com/windows/nanoserver:1809',
    'mcr.microsoft.com/windows/server:ltsc2025',
    'mcr.microsoft.com/windows:1809',
    'mcr.microsoft.com/windows/servercore/iis',
    'mcr.microsoft.com/windows/servercore@sha256:0123456789abcdef',
    'microsoft/nanoserver',
    'microsoft/windowsservercore:1803',
    'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022',
    'mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-1809',
    'python:3.12-windowsservercore',
    'myreg:5000/app:ltsc2022',
    'contoso/agent:1.0-windows-ltsc2019',
    'contoso/app:10.0.20348.2340',
    // Windows-only repositories, whatever the tag
    'mcr.microsoft.com/dotnet/framework/aspnet:4.8',
    'mcr.microsoft.com/dotnet/framework/wcf',
    'microsoft/iis',
    'docker.io/microsoft/aspnet:4.7.2',
    'microsoft/mssql-server-windows-developer:2017-latest',
  ])('%s looks Windows', image => {
    expect(isWindowsImage(image)).toBe(true);
  });

  test.each([
    'nginx:1.27',
    'nginx',
    'mcr.microsoft.com/oss/kubernetes/pause:3.9',
    'mcr.microsoft.com/dotnet/aspnet:8.0',
    'mcr.microsoft.com/mssql/server:2022-latest',
    'mcr.microsoft.com/windows-admin-center/app:1.0',
    'windows.azurecr.io/app:1.0',
    'myreg:5000/app',
    'contoso/app:1809',
    'contoso/app:v10.0.12345',
    'contoso/windowsservercore-exporter-docs:1.0',
    // microsoft/* images that were built for Linux too
    'microsoft/dotnet:2.1-runtime',
    'contoso/microsoft/iis:1.0',
    'mcr.microsoft.com/dotnet/framework-legacy:1.0',
  ])('%s does not look Windows', image => {
    expect(isWindowsImage(image)).toBe(false);
  });
});
