import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { DEFAULT_HOST_PROCESS_USER_NAME, DEFAULT_RUN_AS_USER_NAME, WindowsContainerProps, WindowsWorkloadOptions } from './options';
import { inferWindowsBuild, needsContainerAdministrator } from '../../model/images';
import { Isolation, TargetProfile } from '../../model/profile';
import { CONTAINER_ADMINISTRATOR, isContainerAdministrator } from '../../model/windows';
import { addRelatedManifests, WindowsCompliance } from '../../synthesis/compliance';
import { DEFAULT_WINDOWS_TAINT, emitsPodOsField, tolerationOf, OS_LABEL, WINDOWS_BUILD_LABEL } from '../placement';

/** Container securityContext fields cdk8s-plus always emits, with the props that set them. */
const KPLUS_CONTAINER_DEFAULTS: Array<{ field: string; prop: keyof kplus.ContainerSecurityContextProps }> = [
  { field: 'runAsNonRoot', prop: 'ensureNonRoot' },
  { field: 'privileged', prop: 'privileged' },
  { field: 'readOnlyRootFilesystem', prop: 'readOnlyRootFilesystem' },
  { field: 'allowPrivilegeEscalation', prop: 'allowPrivilegeEscalation' },
];

/**
 * Every property of cdk8s-plus-27's `ContainerProps` (the compiler checks the list is complete).
 * From JavaScript a container is a plain object whose keys nobody checks: a misspelt or
 * snake_case key (`port_number`) would be ignored without a word. (From Python, jsii drops keys a
 * struct does not have before they arrive: the README says to use the struct classes.)
 */
const CONTAINER_PROPS: { readonly [prop in keyof Required<kplus.ContainerProps>]: true } = {
  args: true,
  command: true,
  envFrom: true,
  envVariables: true,
  image: true,
  imagePullPolicy: true,
  lifecycle: true,
  liveness: true,
  name: true,
  port: true,
  portNumber: true,
  ports: true,
  readiness: true,
  resources: true,
  securityContext: true,
  startup: true,
  volumeMounts: true,
  workingDir: true,
};

/** What a Windows workload's container props add to cdk8s-plus's (`WindowsContainerProps`). */
const WINDOWS_CONTAINER_PROPS: { readonly [prop in Exclude<keyof Required<WindowsContainerProps>, keyof kplus.ContainerProps>]: true } = {
  runAsUserName: true,
};

/** Throws for a key a container's props do not have, naming it and the one meant. */
function checkContainerProps(where: string, props: WindowsContainerProps): void {
  const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);
  const known = (key: string) => has(CONTAINER_PROPS, key) || has(WINDOWS_CONTAINER_PROPS, key);
  for (const key of Object.keys(props ?? {})) {
    if (known(key)) continue;
    const camel = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    const meant = camel !== key && known(camel) ? ` (did you mean '${camel}'? dictionaries take the camelCase names)` : '';
    throw new Error(`${where}: unknown container property '${key}'${meant}. Container properties: ${[...Object.keys(CONTAINER_PROPS), ...Object.keys(WINDOWS_CONTAINER_PROPS)].join(', ')}.`);
  }
  if (props?.runAsUserName !== undefined && typeof props.runAsUserName !== 'string') {
    throw new Error(`${where}: runAsUserName must be a string (a Windows user name such as 'ContainerUser'), got ${JSON.stringify(props.runAsUserName)}.`);
  }
}

/** The cdk8s-plus workloads (Pod and Workload subclasses) the Windows treatment applies to. */
export interface WindowsTreatedPod {
  readonly containers: kplus.Container[];
  readonly initContainers: kplus.Container[];
  readonly scheduling: kplus.PodScheduling;
}

/** What the Windows treatment does to one container of the pod spec. */
interface ContainerTreatment {
  /** cdk8s-plus securityContext defaults the user did not ask for. */
  readonly strippedDefaults: string[];
  /** Set the memory request to the memory limit. */
  readonly memoryRequestFromLimit: boolean;
  /** The container's own `windowsOptions.runAsUserName` (its props', or chosen for its image). */
  readonly runAsUserName?: string;
  /** The container's own `runAsNonRoot`, when the treatment sets it (an administrator under a non-root pod). */
  readonly runAsNonRoot?: boolean;
}

/**
 * The Windows treatment every workload shares: placement, Windows security defaults, and the
 * removal of the Linux-only defaults cdk8s-plus emits. It edits the pod spec cdk8s-plus builds
 * (`_toPodSpec`), so the edits land where cdk8s-plus's own defaults are made: after lazy values,
 * before any JSON patch the user adds, which still sees and overrides the Windows treatment. It
 * never drops a setting the user asked for: explicit settings stay in the manifest, where the
 * rules report them.
 */
export class WindowsPodTreatment {
  /**
   * Gives a cdk8s-plus workload the Windows treatment and enforces the rules on it at synthesis.
   * Called by every Windows workload right after its cdk8s-plus constructor; containers that
   * constructor added from props are treated here, later ones through the workload's overrides.
   */
  public static apply(workload: kplus.AbstractPod & WindowsTreatedPod, props: kplus.AbstractPodProps & WindowsWorkloadOptions): WindowsPodTreatment {
    const profile = TargetProfile.resolve(workload, {
      ...props,
      isolation: props.isolation ?? props.runtimeClass?.handler.isolation,
      windowsServerVersion: props.windowsServerVersion ?? props.runtimeClass?.windowsServerVersion,
    });
    const treatment = new WindowsPodTreatment(profile, props.hostProcess ?? false, workload.node.path, workload.scheduling);
    treatment.treatPod(workload.scheduling, props);
    props.containers?.forEach((c, i) => treatment.treatContainer('containers', i, workload.containers[i], c));
    props.initContainers?.forEach((c, i) => treatment.treatContainer('initContainers', i, workload.initContainers[i], c));
    // Every cdk8s-plus workload renders its pod spec through _toPodSpec (Pod, and the Workload
    // kinds inside their templates); the Windows edits wrap it on this one object.
    const buildPodSpec = workload._toPodSpec.bind(workload);
    workload._toPodSpec = () => treatment.edit(buildPodSpec());
    WindowsCompliance.enforce(workload, profile, props);
    // The rules see the RuntimeClass beside the pod (its handler, the build it schedules onto).
    const runtimeClass = props.runtimeClass;
    if (runtimeClass) addRelatedManifests(workload, render => [render(runtimeClass.apiObject)]);
    props.gmsa?.grant(workload);
    return treatment;
  }

  /** Fields set on the pod spec (placement, runtime class, host network). */
  private readonly podFields: { [field: string]: unknown } = {};
  private readonly nodeSelector: { [label: string]: string } = {};
  /** Pod securityContext fields cdk8s-plus emits that the Windows pod must not have. */
  private readonly strippedPodSecurityFields: string[] = [];
  private readonly windowsOptions: { [key: string]: string | boolean } = {};
  private readonly containerTreatments = new Map<string, ContainerTreatment>();
  private buildPinned = false;
  /** Whether the windows-build selector comes from an image tag (not the target). */
  private buildFromImage = false;
  /** The pod's `runAsUserName` and `ensureNonRoot` as the user set them (undefined: not set). */
  private explicitPodUserName?: string;
  private explicitPodNonRoot?: boolean;
  /** Whether the pod securityContext carries cdk8s-plus's `runAsNonRoot: true` default. */
  private podNonRootByDefault = false;
  private pendingContainerProps?: kplus.ContainerProps;

  private constructor(
    /** The target the workload is built for. */
    public readonly profile: TargetProfile,
    private readonly hostProcess: boolean,
    /** The workload's construct path, for messages. */
    private readonly path: string,
    /** The workload's scheduling: a Pod adds its affinity after the pod spec is built. */
    private readonly scheduling: kplus.PodScheduling,
  ) {}

  /** Runs cdk8s-plus's `addContainer`, remembering the user's props for `containerAttached`. */
  public addContainer(props: kplus.ContainerProps, add: () => kplus.Container): kplus.Container {
    this.pendingContainerProps = props;
    try {
      return add();
    } finally {
      this.pendingContainerProps = undefined;
    }
  }

  /**
   * Refuses a container attached as a `kplus.Container` object. cdk8s-plus fills in its
   * securityContext defaults (privileged: false, readOnlyRootFilesystem: true,
   * allowPrivilegeEscalation: false, ensureNonRoot: true) whether or not they were asked for, and
   * keeps no record of which were: the Windows treatment could only drop them all, an explicit one
   * with them, or keep them all and fail. Containers added from props (`addContainer`, the
   * `containers` prop) do not have the problem.
   */
  public beforeAttach(workload: IConstruct, container: kplus.Container): void {
    if (this.pendingContainerProps !== undefined) return; // addContainer attaches its own container
    throw new Error(`${workload.node.path}: attachContainer cannot be used on a Windows workload: a kplus.Container does not record which securityContext values were set on purpose (cdk8s-plus fills in privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false and ensureNonRoot: true either way), so the Windows treatment cannot tell what to keep. Add container '${container.name}' with addContainer(props) (or the containers prop) instead.`);
  }

  /** Treats the container just attached at `index` (from `addContainer` or `attachContainer`). */
  public containerAttached(container: kplus.Container, index: number): void {
    if (this.pendingContainerProps) this.treatContainer('containers', index, container, this.pendingContainerProps);
  }

  /** Placement and pod-level security, from the workload's props. */
  private treatPod(scheduling: kplus.PodScheduling, props: kplus.AbstractPodProps & WindowsWorkloadOptions): void {
    if (props.runtimeClass) this.podFields.runtimeClassName = props.runtimeClass.name;
    // A RuntimeClass brings its own toleration.
    if ((props.tolerateWindowsTaint ?? true) && !props.runtimeClass) {
      scheduling.tolerate(tolerationOf(props.windowsTaint ?? DEFAULT_WINDOWS_TAINT));
    }
    this.nodeSelector[OS_LABEL] = 'windows';
    if (this.profile.windowsServerVersion) {
      this.nodeSelector[WINDOWS_BUILD_LABEL] = this.profile.windowsServerVersion.buildLabel;
      this.buildPinned = true;
    }
    if (emitsPodOsField(this.profile)) this.podFields.os = { name: 'windows' };

    const explicit = props.securityContext ?? {};
    // cdk8s-plus always emits fsGroupChangePolicy and runAsNonRoot at pod level.
    if (explicit.fsGroupChangePolicy === undefined) this.strippedPodSecurityFields.push('fsGroupChangePolicy');
    // The pod runs as the workload's account; an account a container's image needs goes on that
    // container (treatContainer), so the other containers keep the pod's.
    const runAsUserName = props.runAsUserName ?? (this.hostProcess ? DEFAULT_HOST_PROCESS_USER_NAME : DEFAULT_RUN_AS_USER_NAME);
    this.explicitPodUserName = props.runAsUserName;
    this.explicitPodNonRoot = explicit.ensureNonRoot;
    if (explicit.ensureNonRoot === undefined && (this.hostProcess || isContainerAdministrator(runAsUserName))) {
      // Administrators and host accounts cannot be non-root; only an explicit ensureNonRoot keeps it (and fails).
      this.strippedPodSecurityFields.push('runAsNonRoot');
    } else if (explicit.ensureNonRoot === undefined) {
      this.podNonRootByDefault = true;
    }
    this.windowsOptions.runAsUserName = runAsUserName;
    if (this.hostProcess) {
      this.windowsOptions.hostProcess = true;
      // HostProcess pods must use the host network; an explicit hostNetwork: false stays and fails.
      if (props.hostNetwork === undefined) this.podFields.hostNetwork = true;
    }
    if (props.gmsa && props.gmsaCredentialSpecName !== undefined && props.gmsaCredentialSpecName !== props.gmsa.name) {
      throw new Error(`${this.path}: gmsaCredentialSpecName '${props.gmsaCredentialSpecName}' and gmsa (credential spec '${props.gmsa.name}') disagree: give one of them.`);
    }
    const gmsaName = props.gmsa?.name ?? props.gmsaCredentialSpecName;
    if (gmsaName !== undefined) this.windowsOptions.gmsaCredentialSpecName = gmsaName;
  }

  /**
   * Strips the Linux-only container defaults the user did not set in `props` and sets memory
   * request = limit for the container at `list[index]`. Every path that adds a container hands its
   * props here (`attachContainer` of a bare object is refused: see `beforeAttach`).
   */
  public treatContainer(list: 'containers' | 'initContainers', index: number, container: kplus.Container, props: WindowsContainerProps): void {
    checkContainerProps(`${this.path}: ${list}[${index}]`, props);
    const securityContext = props.securityContext;
    const runAsUserName = props.runAsUserName ?? this.userNameForImage(container.image, securityContext?.ensureNonRoot);
    this.containerTreatments.set(`${list}/${index}`, {
      strippedDefaults: KPLUS_CONTAINER_DEFAULTS.filter(d => securityContext?.[d.prop] === undefined).map(d => d.field),
      // No OOM killer on Windows: a request below the limit overcommits and pages to disk.
      memoryRequestFromLimit: props.resources === undefined && container.resources?.memory?.limit !== undefined,
      runAsUserName,
      runAsNonRoot: this.containerNonRoot(runAsUserName, securityContext?.ensureNonRoot),
    });
    this.pinBuildFromImage(container.image);
  }

  /**
   * IIS, ASP.NET and WCF images start through ServiceMonitor, which must control w3svc: their
   * container runs as ContainerAdministrator (the `image-needs-administrator` rule says so in an
   * info), unless the user chose an account or asked for non-root for it or the pod (then the
   * rule warns instead: a default never contradicts an explicit setting).
   */
  private userNameForImage(image: string, containerNonRoot: boolean | undefined): string | undefined {
    if (this.hostProcess || !needsContainerAdministrator(image)) return undefined;
    if (this.explicitPodUserName !== undefined || (containerNonRoot ?? this.explicitPodNonRoot) === true) return undefined;
    return CONTAINER_ADMINISTRATOR;
  }

  /**
   * A container that runs as ContainerAdministrator under the pod's default `runAsNonRoot: true`
   * gets `runAsNonRoot: false` of its own, so the default does not refuse it; an explicit
   * `ensureNonRoot` (the container's or the pod's) stays as it is, and the rules judge it.
   */
  private containerNonRoot(runAsUserName: string | undefined, containerNonRoot: boolean | undefined): boolean | undefined {
    if (containerNonRoot !== undefined || runAsUserName === undefined || !isContainerAdministrator(runAsUserName)) return undefined;
    return this.podNonRootByDefault ? false : undefined;
  }

  /** Pins the windows-build node label from the first image that names a build (process isolation). */
  private pinBuildFromImage(image: string): void {
    // Hyper-V runs older images on newer hosts; HostProcess containers do not match builds at all.
    if (this.buildPinned || this.profile.isolation === Isolation.HYPERV || this.hostProcess) return;
    const build = inferWindowsBuild(image);
    if (build === undefined) return;
    this.nodeSelector[WINDOWS_BUILD_LABEL] = `10.0.${build}`;
    this.buildPinned = true;
    this.buildFromImage = true;
  }

  /** The Windows treatment applied to a pod spec cdk8s-plus built. */
  private edit(spec: any): any {
    Object.assign(spec, this.podFields);
    // A build the user requires through node affinity is theirs to choose: the image's build is
    // not added beside it (two different required builds would match no node); the
    // windows-image-build-mismatch rule compares the image with the affinity.
    const affinity = spec.affinity ?? (this.scheduling as unknown as { _toKube?: () => { affinity?: unknown } })._toKube?.().affinity;
    const userChoosesBuild = this.buildFromImage && requiresLabel(affinity, WINDOWS_BUILD_LABEL);
    spec.nodeSelector = userChoosesBuild ? without(this.nodeSelector, [WINDOWS_BUILD_LABEL]) : { ...this.nodeSelector };
    spec.securityContext = { ...without(spec.securityContext ?? {}, this.strippedPodSecurityFields), windowsOptions: { ...this.windowsOptions } };
    for (const list of ['containers', 'initContainers'] as const) {
      if (!Array.isArray(spec[list])) continue;
      spec[list] = spec[list].map((container: any, index: number) => {
        const treatment = this.containerTreatments.get(`${list}/${index}`);
        return treatment ? treatContainerSpec(container, treatment) : container;
      });
    }
    return spec;
  }
}

/**
 * The container with the treatment applied. Objects are rebuilt without the stripped fields
 * rather than edited with `delete`: V8 turns an object that loses a property into a slow
 * dictionary, and the rules read these objects (measured: 7.9 against 4.5 us per object).
 */
function treatContainerSpec(container: any, treatment: ContainerTreatment): any {
  let treated = container;
  const securityContext = container.securityContext;
  if (securityContext) {
    const kept = without(securityContext, treatment.strippedDefaults);
    const empty = Object.values(kept).every(value => value === undefined);
    treated = empty ? without(container, ['securityContext']) : { ...container, securityContext: kept };
  }
  if (treatment.runAsUserName !== undefined || treatment.runAsNonRoot !== undefined) {
    const own = treated.securityContext ?? {};
    treated = {
      ...treated,
      securityContext: {
        ...own,
        ...(treatment.runAsNonRoot === undefined ? {} : { runAsNonRoot: treatment.runAsNonRoot }),
        ...(treatment.runAsUserName === undefined ? {} : { windowsOptions: { ...own.windowsOptions, runAsUserName: treatment.runAsUserName } }),
      },
    };
  }
  const memoryLimit = treated.resources?.limits?.memory;
  if (treatment.memoryRequestFromLimit && memoryLimit !== undefined) {
    treated = { ...treated, resources: { ...treated.resources, requests: { ...treated.resources.requests, memory: memoryLimit } } };
  }
  return treated;
}

/** Whether a required node affinity term of the pod names `label`. */
function requiresLabel(affinity: any, label: string): boolean {
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms)) return false;
  return terms.some((term: any) => Array.isArray(term?.matchExpressions) && term.matchExpressions.some((e: any) => e?.key === label));
}

/** A copy of `object` without `fields`, in the same key order. */
function without(object: { [key: string]: any }, fields: readonly string[]): { [key: string]: any } {
  const copy: { [key: string]: any } = {};
  for (const key of Object.keys(object)) if (!fields.includes(key)) copy[key] = object[key];
  return copy;
}
