package io.github.cdk8s_windows.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdk8s_windows.Finding;
import io.github.cdk8s_windows.IpFamily;
import io.github.cdk8s_windows.Severity;
import io.github.cdk8s_windows.TargetProfile;
import io.github.cdk8s_windows.WindowsCompliance;
import io.github.cdk8s_windows.WindowsDeployment;
import io.github.cdk8s_windows.WindowsRules;
import io.github.cdk8s_windows.WindowsServerVersion;
import io.github.cdk8s_windows.WindowsService;
import io.github.cdk8s_windows.WindowsTargetOptions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.Testing;
import org.cdk8s.plus27.ContainerProps;
import org.cdk8s.plus27.ContainerSecurityContextProps;
import org.cdk8s.plus27.Service;
import org.cdk8s.plus27.ServicePort;
import org.junit.jupiter.api.Test;

/** Smoke test: the cdk8s-windows jar built by jsii-pacmak (dist/java), used from Java. */
class SmokeTest {
    private static final String IIS = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022";

    private static Chart newChart() {
        return new Chart(new App(), "smoke");
    }

    private static ContainerProps iis() {
        return ContainerProps.builder().image(IIS).portNumber(80).build();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> byKind(List<Object> manifests, String kind) {
        return manifests.stream()
                .map(m -> (Map<String, Object>) m)
                .filter(m -> kind.equals(m.get("kind")))
                .collect(Collectors.toList());
    }

    /** Walks map keys and list indexes through synthesized JSON. */
    @SuppressWarnings("unchecked")
    private static Object get(Object value, Object... path) {
        for (Object step : path) {
            value = step instanceof Integer ? ((List<Object>) value).get((Integer) step) : ((Map<String, Object>) value).get(step);
        }
        return value;
    }

    /** JSON numbers come back as Integer or Double depending on the runtime's mapping. */
    private static int number(Object value) {
        return ((Number) value).intValue();
    }

    @Test
    void deploymentIsPlacedOnWindowsNodes() {
        Chart chart = newChart();
        WindowsDeployment.Builder.create(chart, "web").containers(List.of(iis())).build();

        List<Object> manifests = Testing.synth(chart);

        List<Map<String, Object>> deployments = byKind(manifests, "Deployment");
        assertEquals(1, deployments.size());
        Object pod = get(deployments.get(0), "spec", "template", "spec");
        assertEquals(Map.of("name", "windows"), get(pod, "os"));
        assertEquals(Map.of("kubernetes.io/os", "windows", "node.kubernetes.io/windows-build", "10.0.20348"),
                get(pod, "nodeSelector"));
        assertTrue(((List<?>) get(pod, "tolerations")).contains(
                        Map.of("key", "os", "operator", "Equal", "value", "windows", "effect", "NoSchedule")),
                () -> "tolerations: " + get(pod, "tolerations"));
        assertEquals(IIS, get(pod, "containers", 0, "image"));
    }

    @Test
    void servicesAreWindowsServices() {
        Chart chart = newChart();
        TargetProfile.configure(chart, WindowsTargetOptions.builder().windowsServerVersion(WindowsServerVersion.WS2022).build());
        WindowsDeployment web = WindowsDeployment.Builder.create(chart, "web").containers(List.of(iis())).build();

        Service exposed = web.exposeViaService();
        WindowsService explicit = WindowsService.Builder.create(chart, "explicit")
                .selector(web)
                .ports(List.of(ServicePort.builder().port(8080).targetPort(80).build()))
                .ipFamilies(List.of(IpFamily.IPV4))
                .build();

        // The TypeScript signature returns kplus.Service; the jsii runtime hands back the real subclass.
        WindowsService windowsService = assertInstanceOf(WindowsService.class, exposed);
        assertEquals("10.0.20348", windowsService.getProfile().getWindowsServerVersion().getBuildLabel());
        assertNotNull(explicit.getProfile());

        List<Object> manifests = Testing.synth(chart);

        List<Map<String, Object>> services = byKind(manifests, "Service");
        assertEquals(2, services.size());
        Object selector = get(byKind(manifests, "Deployment").get(0), "spec", "selector", "matchLabels");
        for (Map<String, Object> service : services) {
            assertEquals(selector, get(service, "spec", "selector"));
            int port = number(get(service, "spec", "ports", 0, "port"));
            if (port == 8080) {
                assertEquals(List.of("IPv4"), get(service, "spec", "ipFamilies"));
            } else {
                assertEquals(80, port);
                assertEquals(80, number(get(service, "spec", "ports", 0, "targetPort")));
            }
        }
    }

    @Test
    void privilegedContainerFailsSynthesis() {
        Chart chart = newChart();
        WindowsDeployment.Builder.create(chart, "web")
                .containers(List.of(ContainerProps.builder().image(IIS).portNumber(80)
                        .securityContext(ContainerSecurityContextProps.builder().privileged(true).build())
                        .build()))
                .build();

        // How the jsii Java runtime surfaces a JavaScript Error: a plain java.lang.RuntimeException
        // whose message is the JavaScript message (and the JavaScript stack as its cause).
        RuntimeException failure = assertThrows(RuntimeException.class, () -> Testing.synth(chart));

        assertTrue(failure.getMessage().contains("no-privileged"), failure::getMessage);
        assertTrue(failure.getMessage().contains("spec.template.spec.containers[0].securityContext.privileged"),
                failure::getMessage);
    }

    @Test
    void rulesCheckPlainManifests() {
        Map<String, Object> pod = Map.of("apiVersion", "v1", "kind", "Pod", "metadata", Map.of("name", "p"),
                "spec", Map.of("containers", List.of(Map.of(
                        "name", "c", "image", "mcr.microsoft.com/windows/nanoserver:ltsc2022",
                        "securityContext", Map.of("privileged", true)))));

        List<Finding> findings = WindowsRules.check(List.of(pod),
                TargetProfile.of(WindowsTargetOptions.builder().windowsServerVersion(WindowsServerVersion.WS2022).build()));

        Finding privileged = findings.stream().filter(f -> f.getRule().equals("no-privileged")).findFirst()
                .orElseThrow(() -> new AssertionError("no no-privileged finding in " + findings));
        assertEquals(Severity.ERROR, privileged.getSeverity());
        assertEquals("spec.containers[0].securityContext.privileged", privileged.getPath());
        assertEquals("Pod", privileged.getResource().getKind());
        assertEquals("p", privileged.getResource().getName());
    }

    @Test
    void findingsOfAWholeChart() {
        Chart chart = newChart();
        WindowsDeployment.Builder.create(chart, "web").containers(List.of(iis())).build();

        List<Finding> findings = WindowsCompliance.findings(chart);

        // The IIS image runs as ContainerAdministrator by default, which an info finding states.
        assertTrue(findings.stream().anyMatch(f -> "image-needs-administrator".equals(f.getRule()) && f.getSeverity() == Severity.INFO),
                () -> "findings: " + findings.stream().map(Finding::getRule).collect(Collectors.toList()));
        assertEquals("Windows Server 2022", WindowsServerVersion.WS2022.toString());
    }
}
