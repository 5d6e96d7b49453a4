import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { WindowsCompliance } from './check/compliance';
import { jsonPointer, podSpecSegments } from './check/manifest';
import { inferWindowsBuild } from './images';
import { DEFAULT_WINDOWS_TAINT, emitsPodOsField, tolerationOf, OS_LABEL, WINDOWS_BUILD_LABEL } from './placement';
import { Isolation, TargetProfile } from './profile';
import { isContainerAdministrator } from './rules/container/run-as-non-root-conflict';
import { DEFAULT_HOST_PROCESS_USER_NAME, DEFAULT_RUN_AS_USER_NAME, WindowsWorkloadOptions } from './workloads/options';

/** Container securityContext fields cdk8s-plus always emits, with the props that set them. */
const KPLUS_CONTAINER_DEFAULTS: Array<{ field: string; prop: keyof kplus.ContainerSecurityContextProps; value: unknown }> = [
  { field: 'runAsNonRoot', prop: 'ensureNonRoot', value: true },
  { field: 'privileged', prop: 'privileged', value: false },
  { field: 'readOnlyRootFilesystem', prop: 'readOnlyRootFilesystem', value: true },
  { field: 'allowPrivilegeEscalation', prop: 'allowPrivilegeEscalation', value: false },
];

/**
 * The Windows treatment every workload shares: placement, Windows security defaults, and the
 * removal of the Linux-only defaults cdk8s-plus emits. It edits the final manifest through JSON
 * patches (applied after lazy values resolve) and never drops a setting the user asked for:
 * explicit settings stay in the manifest, where the rules report them.
 */
/** The cdk8s-plus workloads (Pod and Workload subclasses) the Windows treatment applies to. */
export interface WindowsTreatedPod {
  readonly containers: kplus.Container[];
  readonly initContainers: kplus.Container[];
  readonly scheduling: kplus.PodScheduling;
}

export class WindowsPodTemplate {
  /**
   * Gives a cdk8s-plus workload the Windows treatment and enforces the rules on it at synthesis.
   * Called by every Windows workload right after its cdk8s-plus constructor; containers that
   * constructor added from props are treated here, later ones through the workload's overrides.
   */
  public static apply(workload: kplus.AbstractPod & WindowsTreatedPod, props: kplus.AbstractPodProps & WindowsWorkloadOptions): WindowsPodTemplate {
    const profile = TargetProfile.resolve(workload, {
      ...props,
      isolation: props.isolation ?? props.runtimeClass?.handler.isolation,
      windowsServerVersion: props.windowsServerVersion ?? props.runtimeClass?.windowsServerVersion,
    });
    const template = new WindowsPodTemplate(ApiObject.of(workload), profile, props.hostProcess ?? false);
    template.treatPod(workload.scheduling, props);
    props.containers?.forEach((c, i) => template.treatContainer('containers', i, workload.containers[i], c));
    props.initContainers?.forEach((c, i) => template.treatContainer('initContainers', i, workload.initContainers[i], c));
    WindowsCompliance.enforce(workload, profile, props);
    return template;
  }

  private readonly pointer: string;
  private buildPinned: boolean;
  private pendingContainerProps?: kplus.ContainerProps;

  constructor(
    private readonly apiObject: ApiObject,
    /** The target the workload is built for. */
    public readonly profile: TargetProfile,
    private readonly hostProcess: boolean,
  ) {
    const segments = podSpecSegments(apiObject.kind);
    if (!segments) throw new Error(`${apiObject.kind} has no pod template`);
    this.pointer = jsonPointer(segments);
    this.buildPinned = false;
  }

  /** Runs cdk8s-plus's `addContainer`, remembering the user's props for `containerAttached`. */
  public addContainer(props: kplus.ContainerProps, add: () => kplus.Container): kplus.Container {
    this.pendingContainerProps = props;
    try {
      return add();
    } finally {
      this.pendingContainerProps = undefined;
    }
  }

  /** Treats the container just attached at `index` (from `addContainer` or `attachContainer`). */
  public containerAttached(container: kplus.Container, index: number): void {
    this.treatContainer('containers', index, container, this.pendingContainerProps);
  }

  /** Placement and pod-level security, from the workload's props. */
  private treatPod(scheduling: kplus.PodScheduling, props: kplus.AbstractPodProps & WindowsWorkloadOptions): void {
    if (props.runtimeClass) {
      this.patch(JsonPatch.add(this.at('runtimeClassName'), props.runtimeClass.name));
    }
    // A RuntimeClass brings its own toleration.
    if ((props.tolerateWindowsTaint ?? true) && !props.runtimeClass) {
      scheduling.tolerate(tolerationOf(props.windowsTaint ?? DEFAULT_WINDOWS_TAINT));
    }
    const selector: { [key: string]: string } = { [OS_LABEL]: 'windows' };
    if (this.profile.windowsServerVersion) {
      selector[WINDOWS_BUILD_LABEL] = this.profile.windowsServerVersion.buildLabel;
      this.buildPinned = true;
    }
    this.patch(JsonPatch.add(this.at('nodeSelector'), selector));
    if (emitsPodOsField(this.profile)) {
      this.patch(JsonPatch.add(this.at('os'), { name: 'windows' }));
    }

    const explicit = props.securityContext ?? {};
    // cdk8s-plus always emits fsGroupChangePolicy and runAsNonRoot at pod level.
    if (explicit.fsGroupChangePolicy === undefined) this.patch(JsonPatch.remove(this.at('securityContext', 'fsGroupChangePolicy')));
    const runAsUserName = props.runAsUserName ?? (this.hostProcess ? DEFAULT_HOST_PROCESS_USER_NAME : DEFAULT_RUN_AS_USER_NAME);
    if (explicit.ensureNonRoot === undefined && (this.hostProcess || isContainerAdministrator(runAsUserName))) {
      // Administrators and host accounts cannot be non-root; only an explicit ensureNonRoot keeps it (and fails).
      this.patch(JsonPatch.remove(this.at('securityContext', 'runAsNonRoot')));
    }
    const windowsOptions: { [key: string]: string | boolean } = { runAsUserName };
    if (this.hostProcess) {
      windowsOptions.hostProcess = true;
      // HostProcess pods must use the host network; an explicit hostNetwork: false stays and fails.
      if (props.hostNetwork === undefined) this.patch(JsonPatch.replace(this.at('hostNetwork'), true));
    }
    if (props.gmsaCredentialSpecName !== undefined) windowsOptions.gmsaCredentialSpecName = props.gmsaCredentialSpecName;
    this.patch(JsonPatch.add(this.at('securityContext', 'windowsOptions'), windowsOptions));
  }

  /**
   * Strips the Linux-only container defaults and sets memory request = limit for the container at
   * `list[index]`. `props` are the user's props when known (containers added from props); for a
   * container attached as an object only values other than cdk8s-plus's defaults count as explicit.
   */
  public treatContainer(list: 'containers' | 'initContainers', index: number, container: kplus.Container, props?: kplus.ContainerProps): void {
    const at = (...path: string[]) => this.at(list, String(index), ...path);
    const securityContext = props?.securityContext;
    const isExplicit = (d: typeof KPLUS_CONTAINER_DEFAULTS[number]) => (props
      ? securityContext?.[d.prop] !== undefined
      : (container.securityContext as any)[d.prop] !== d.value);
    const stripped = KPLUS_CONTAINER_DEFAULTS.filter(d => !isExplicit(d));
    const keepsOthers = stripped.length < KPLUS_CONTAINER_DEFAULTS.length
      || container.securityContext.user !== undefined
      || container.securityContext.group !== undefined
      || container.securityContext.capabilities !== undefined;
    if (keepsOthers) {
      for (const d of stripped) this.patch(JsonPatch.remove(at('securityContext', d.field)));
    } else {
      this.patch(JsonPatch.remove(at('securityContext')));
    }

    // No OOM killer on Windows: a request below the limit overcommits and pages to disk.
    if (props && props.resources === undefined && container.resources?.memory?.limit) {
      this.patch(JsonPatch.copy(at('resources', 'limits', 'memory'), at('resources', 'requests', 'memory')));
    }

    this.pinBuildFromImage(container.image);
  }

  /** Pins the windows-build node label from the first image that names a build (process isolation). */
  private pinBuildFromImage(image: string): void {
    // Hyper-V runs older images on newer hosts; HostProcess containers do not match builds at all.
    if (this.buildPinned || this.profile.isolation === Isolation.HYPERV || this.hostProcess) return;
    const build = inferWindowsBuild(image);
    if (build === undefined) return;
    this.patch(JsonPatch.add(this.at('nodeSelector', WINDOWS_BUILD_LABEL), `10.0.${build}`));
    this.buildPinned = true;
  }

  private at(...path: string[]): string {
    return this.pointer + jsonPointer(path);
  }

  private patch(op: JsonPatch): void {
    this.apiObject.addJsonPatch(op);
  }
}

