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

/**
 * How encoding/json decodes into a Go type. `type` is reflect.Type.String() of the value decoded into (pointers
 * followed), the name Go's "cannot unmarshal" errors print. `custom`: the type parses its JSON itself
 * (UnmarshalJSON, UnmarshalText: net.IP, netip.Addr, opts.PoolsOpt…); `any`: interface{} or not resolved.
 */
export type GoDecode =
  | { readonly kind: 'bool' | 'string' | 'int' | 'uint' | 'float' | 'struct' | 'custom' | 'any'; readonly type: string }
  | { readonly kind: 'list' | 'map'; readonly type: string; readonly elem: GoDecode };

/** A key encoding/json decodes into dockerd's Config struct. */
export interface DaemonJsonKey {
  readonly kind: DaemonJsonKind;
  /** For struct-valued keys (proxies, builder, nri-opts): the keys of the nested object and their kinds. */
  readonly fields?: Readonly<Record<string, DaemonJsonKind>>;
  /** The Go type of the field, as encoding/json decodes it. */
  readonly go: GoDecode;
  /** Go names of the embedded structs crossed to reach the field from Config (Go 1.24+ names them in errors). */
  readonly embeddedIn?: readonly string[];
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
