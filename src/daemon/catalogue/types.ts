/** What encoding/json accepts for a daemon.json key (the Go field's type, or its own UnmarshalJSON). */
export type DaemonJsonKind = 'bool' | 'string' | 'number' | 'list' | 'object' | 'any';

/** A dockerd command-line flag, as the config-file validation sees it. */
export interface DaemonFlag {
  /** The flag's value is a pflag boolean (IsBoolFlag): dockerd re-sets it from a file key of the same name. */
  readonly bool: boolean;
  /** Name() of the flag's value when it is an opts.NamedOption: a second key the file may use for this flag. */
  readonly namedOption?: string;
  /**
   * daemon.json path of the setting this flag controls ("bip", "default-address-pools", "proxies.http-proxy"),
   * or null when the file has none (--config-file, --version, --restart).
   */
  readonly configKey: string | null;
  /**
   * A file key equal to the flag name takes effect through the flag itself: dockerd calls Set() on boolean
   * flags with the file's value, and the flag writes a Config field (merged into the file config) or an
   * option read after the file is loaded (--validate).
   */
  readonly appliedFromFile: boolean;
  readonly hidden?: boolean;
  readonly deprecated?: boolean;
}

/** A key encoding/json decodes into dockerd's Config struct. */
export interface DaemonJsonKey {
  readonly kind: DaemonJsonKind;
  /** For struct-valued keys (proxies, builder, nri-opts): the keys of the nested object and their kinds. */
  readonly fields?: Readonly<Record<string, DaemonJsonKind>>;
}

/** The daemon.json keys one range of dockerd releases knows (Linux), extracted from moby's sources. */
export interface DaemonKeyCatalogue {
  /** Released engine versions whose sources give exactly this catalogue, oldest first. */
  readonly engineVersions: readonly string[];
  /** moby tag the data was extracted from (the newest of engineVersions) and its commit. */
  readonly tag: string;
  readonly commit: string;
  /** Every flag registered on dockerd's FlagSet (hidden and deprecated ones included), by flag name. */
  readonly flags: Readonly<Record<string, DaemonFlag>>;
  /** skipValidateOptions: keys accepted without a matching flag. */
  readonly skipValidate: readonly string[];
  /** flatOptions: object-valued keys dockerd does not flatten before validating. */
  readonly flatOptions: readonly string[];
  /** JSON keys of the Config struct (embedded structs promoted), by key. */
  readonly json: Readonly<Record<string, DaemonJsonKey>>;
}
