"""Smoke test: the cdk8s-windows wheel built by jsii-pacmak, used from Python.

Run by test/smoke/run.sh in a venv holding the wheel from dist/python and cdk8s,
cdk8s-plus-27 and constructs from PyPI.
"""

import cdk8s
import cdk8s_plus_27 as kplus
import pytest

from cdk8s_windows import (
    IpFamily,
    Severity,
    TargetProfile,
    WindowsDeployment,
    WindowsRules,
    WindowsServerVersion,
    WindowsService,
)

IIS = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"


def new_chart() -> cdk8s.Chart:
    return cdk8s.Chart(cdk8s.App(), "smoke")


def by_kind(manifests, kind):
    return [m for m in manifests if m["kind"] == kind]


def test_deployment_is_placed_on_windows_nodes():
    chart = new_chart()
    WindowsDeployment(chart, "web", containers=[kplus.ContainerProps(image=IIS, port_number=80)])

    manifests = cdk8s.Testing.synth(chart)

    [deployment] = by_kind(manifests, "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    assert pod["os"] == {"name": "windows"}
    assert pod["nodeSelector"] == {
        "kubernetes.io/os": "windows",
        "node.kubernetes.io/windows-build": "10.0.20348",
    }
    assert {"key": "os", "operator": "Equal", "value": "windows", "effect": "NoSchedule"} in pod["tolerations"]
    assert pod["containers"][0]["image"] == IIS


def test_services_are_windows_services():
    chart = new_chart()
    TargetProfile.configure(chart, windows_server_version=WindowsServerVersion.WS2022)
    web = WindowsDeployment(chart, "web", containers=[kplus.ContainerProps(image=IIS, port_number=80)])

    exposed = web.expose_via_service()
    explicit = WindowsService(chart, "explicit", selector=web, ports=[kplus.ServicePort(port=8080, target_port=80)],
                              ip_families=[IpFamily.IPV4])

    # The TypeScript signature returns kplus.Service; the jsii runtime hands back the real subclass.
    assert isinstance(exposed, kplus.Service)
    assert isinstance(exposed, WindowsService), type(exposed)
    assert isinstance(explicit, WindowsService)
    assert exposed.profile.windows_server_version.build_label == "10.0.20348"

    manifests = cdk8s.Testing.synth(chart)

    services = {s["metadata"]["name"]: s["spec"] for s in by_kind(manifests, "Service")}
    assert len(services) == 2
    selector = by_kind(manifests, "Deployment")[0]["spec"]["selector"]["matchLabels"]
    for spec in services.values():
        assert spec["selector"] == selector
    [explicit_spec] = [s for s in services.values() if s["ports"][0]["port"] == 8080]
    assert explicit_spec["ipFamilies"] == ["IPv4"]
    [exposed_spec] = [s for s in services.values() if s["ports"][0]["port"] == 80]
    assert exposed_spec["ports"][0]["targetPort"] == 80


def test_privileged_container_fails_synthesis():
    chart = new_chart()
    WindowsDeployment(chart, "web", containers=[kplus.ContainerProps(
        image=IIS, port_number=80,
        security_context=kplus.ContainerSecurityContextProps(privileged=True))])

    with pytest.raises(RuntimeError) as failure:  # how jsii surfaces a JavaScript Error
        cdk8s.Testing.synth(chart)

    message = str(failure.value)
    assert "no-privileged" in message
    assert "spec.template.spec.containers[0].securityContext.privileged" in message
    # The library says each finding once in the error (jsii adds its JavaScript stack, which
    # repeats the message, as the exception's cause).
    assert message.count("[error] no-privileged") == 1


def test_rules_check_plain_manifests():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [
        {"name": "c", "image": "mcr.microsoft.com/windows/nanoserver:ltsc2022", "securityContext": {"privileged": True}}]}}

    findings = WindowsRules.check([pod], TargetProfile.of(windows_server_version=WindowsServerVersion.WS2022))

    [privileged] = [f for f in findings if f.rule == "no-privileged"]
    assert privileged.severity == Severity.ERROR
    assert privileged.path == "spec.containers[0].securityContext.privileged"
    assert (privileged.resource.kind, privileged.resource.name) == ("Pod", "p")


def test_the_wheel_runs_the_checker_command(tmp_path):
    """The wheel's `cdk8s-windows` script (next to this Python) runs the checker: --version, and a check."""
    import os
    import subprocess
    import sys
    command = os.path.join(os.path.dirname(sys.executable), "cdk8s-windows")
    version = subprocess.run([command, "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip().count(".") == 2
    manifest = tmp_path / "pod.yaml"
    manifest.write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: {kubernetes.io/os: windows}\n"
                        "  containers:\n  - name: c\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n"
                        "    securityContext: {privileged: true}\n")
    checked = subprocess.run([command, "check", str(manifest)], capture_output=True, text=True, check=False)
    assert checked.returncode == 1, checked.stderr
    assert "no-privileged" in checked.stdout


def test_findings_of_a_whole_chart():
    """WindowsCompliance.findings lists a chart's findings, Windows workloads and plain objects alike."""
    from cdk8s_windows import WindowsCompliance
    chart = new_chart()
    WindowsDeployment(chart, "web", containers=[kplus.ContainerProps(image=IIS, port_number=80)])
    plain = kplus.Deployment(chart, "plain", containers=[kplus.ContainerProps(image="mcr.microsoft.com/windows/servercore:ltsc2022")])
    plain.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is_("kubernetes.io/os", "windows")))

    findings = WindowsCompliance.findings(chart)

    rules = {(f.resource.kind, f.rule) for f in findings}
    assert ("Deployment", "image-needs-administrator") in rules
    assert ("Deployment", "no-privileged") in rules
    assert WindowsServerVersion.WS2022.to_string() == "Windows Server 2022"
    assert TargetProfile.of(windows_server_version=WindowsServerVersion.WS2022).to_string().startswith("Kubernetes 1.27, Windows Server 2022")


def test_dictionaries_for_structs_take_the_camel_case_keys():
    """A dict passed where a struct is expected reaches the library as JSON: the camelCase keys work,
    while jsii drops other keys (port_number) before the library sees them, as the README says."""
    chart = new_chart()
    WindowsDeployment(chart, "camel", containers=[{"image": IIS, "portNumber": 80}])
    WindowsDeployment(chart, "snake", containers=[{"image": IIS, "port_number": 80}])
    ports = {d["metadata"]["name"].split("-")[1]: d["spec"]["template"]["spec"]["containers"][0].get("ports")
             for d in by_kind(cdk8s.Testing.synth(chart), "Deployment")}
    assert ports["camel"] == [{"containerPort": 80}]
    assert ports["snake"] is None
