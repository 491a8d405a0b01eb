#!/bin/sh
# dockdoc's agentless gather script (printed by `dockdoc gather-script`). Run it as root on a Docker host that has
# nothing installed besides a POSIX sh and the usual tools:
#
#   sh gather.sh > host.bundle        then, anywhere:  dockdoc check --snapshot host.bundle
#
# It writes one bundle (format 1, docs/bundle.md) to stdout with the raw facts dockdoc's gatherers read: files,
# directory listings and links, the output of read-only commands, and the engine's networking facts through the
# docker CLI (DOCKER_HOST is honoured). It changes nothing on the host. Every step is bounded in time with `timeout`
# where it exists (DOCKDOC_STEP_TIMEOUT seconds, default 10), and every failure is recorded as a fact, never an abort.
# Secrets are removed when dockdoc turns the bundle into a snapshot (the snapshot's redaction, docs/snapshot.md); the
# engine templates below select networking fields only (never Env, labels, mounts or secrets).
# Plain POSIX sh: it runs under dash, busybox sh and bash.

script_version='@DOCKDOC_VERSION@'
step_timeout=${DOCKDOC_STEP_TIMEOUT:-10}
LC_ALL=C
export LC_ALL
# Default field splitting, and "$*" joins a command line with spaces, as dockdoc names commands.
unset IFS
umask 077
# PATH is left as it is: the commands are the ones dockerd and a live `dockdoc check` would run with it (root's PATH,
# which sudo and ssh give, holds the sbin directories where iptables, ip and nft live).

tmp=$(mktemp -d 2>/dev/null) || { tmp=${TMPDIR:-/tmp}/dockdoc-gather.$$ && mkdir "$tmp"; } || {
  echo 'dockdoc gather script: cannot create a temporary directory' >&2
  exit 1
}
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# locate COMMAND: its path in PATH, in $found. Commands are run by that path: busybox sh would otherwise run its own
# applet of the same name (its `ip` knows no -j), where dockdoc runs the host's binary.
locate() {
  rest=$PATH:
  while [ -n "$rest" ]; do
    dir=${rest%%:*}
    rest=${rest#*:}
    if [ -n "$dir" ] && [ -f "$dir/$1" ] && [ -x "$dir/$1" ]; then
      found=$dir/$1
      return 0
    fi
  done
  return 1
}

bound=''
if locate timeout; then
  if "$found" 5 true > /dev/null 2>&1; then
    bound="$found $step_timeout"
  elif "$found" -t 5 true > /dev/null 2>&1; then
    bound="$found -t $step_timeout" # busybox before 1.30
  fi
fi

# One record: @KIND STATUS OUT-BYTES ERR-BYTES KEY, the bytes of OUT-FILE and ERR-FILE (none when not given), a
# newline. Empty parts cost no process: on a loaded host every fork counts.
emit() {
  out_bytes=0
  err_bytes=0
  if [ -n "${4:-}" ] && [ -s "$4" ]; then out_bytes=$(($(wc -c < "$4"))); fi
  if [ -n "${5:-}" ] && [ -s "$5" ]; then err_bytes=$(($(wc -c < "$5"))); fi
  printf '@%s %s %s %s %s\n' "$1" "$2" "$out_bytes" "$err_bytes" "$3"
  if [ "$out_bytes" != 0 ] && [ "$err_bytes" != 0 ]; then
    cat "$4" "$5"
  elif [ "$out_bytes" != 0 ]; then
    cat "$4"
  elif [ "$err_bytes" != 0 ]; then
    cat "$5"
  fi
  printf '\n'
}

# run_step KIND KEY COMMAND [ARG...]: the command's stdout, stderr and exit status (or not-found, or timeout).
run_step() {
  kind=$1
  key=$2
  shift 2
  if ! locate "$1"; then
    emit "$kind" not-found "$key"
    step_rc=127
    return
  fi
  shift
  # shellcheck disable=SC2086 # $bound is the timeout command and its arguments, or nothing
  $bound "$found" "$@" < /dev/null > "$tmp/out" 2> "$tmp/err"
  step_rc=$?
  status=$step_rc
  # timeout's status when it stopped the command: 124 (coreutils), 143 (busybox: the command's SIGTERM).
  case $step_rc in
    124 | 143) if [ -n "$bound" ]; then status=timeout; fi ;;
  esac
  emit "$kind" "$status" "$key" "$tmp/out" "$tmp/err"
}

# run COMMAND [ARG...]: the record's key is the command line, as dockdoc's gatherers name it.
run() {
  run_step run "$*" "$@"
}

# The first line of the last step's stderr contains $1.
first_error_has() {
  head -n 1 "$tmp/err" | grep -q -e "$1"
}

# A file as dockdoc reads it: only a regular file (a FIFO or a device is refused, never read), absent is a fact.
file_step() {
  if [ -f "$1" ]; then
    if cat "$1" > "$tmp/out" 2> "$tmp/err"; then
      emit file present "$1" "$tmp/out"
    else
      emit file unreadable "$1" '' "$tmp/err"
    fi
  elif [ -e "$1" ]; then
    printf 'not a regular file (dockdoc reads only regular files)' > "$tmp/err"
    emit file unreadable "$1" '' "$tmp/err"
  else
    emit file absent "$1"
  fi
}

dir_step() {
  if [ -d "$1" ] && ls -A1 "$1" > "$tmp/out" 2> "$tmp/err"; then
    emit dir present "$1" "$tmp/out"
  else
    emit dir absent "$1"
  fi
}

lstat_step() {
  if [ -L "$1" ]; then
    printf '%s' "$(readlink "$1" 2> /dev/null)" > "$tmp/out"
    emit lstat link "$1" "$tmp/out"
  elif [ -e "$1" ]; then
    emit lstat present "$1"
  else
    emit lstat absent "$1"
  fi
}

printf 'dockdoc-bundle 1\n'
printf 'hostname %s\n' "$(uname -n)"
printf 'taken-at %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
printf 'script %s\n' "$script_version"
printf 'docker-host %s\n' "${DOCKER_HOST:-unix:///var/run/docker.sock}"
printf 'step-timeout %s\n' "$step_timeout"
printf 'uid %s\n' "$(id -u)"

# systemd units of dockerd and of the firewall services, with their drop-ins, in systemd's search order
# (src/gather/systemd.ts, src/gather/unitStates.ts).
unit_dirs='/etc/systemd/system /run/systemd/system /usr/local/lib/systemd/system /usr/lib/systemd/system /lib/systemd/system'
for unit in docker.service iptables.service ip6tables.service netfilter-persistent.service nftables.service firewalld.service; do
  for dir in $unit_dirs; do
    file_step "$dir/$unit"
    lstat_step "$dir/$unit"
    dir_step "$dir/$unit.d"
    if [ -d "$dir/$unit.d" ]; then
      for dropin in "$dir/$unit.d"/*.conf; do
        if [ -e "$dropin" ]; then file_step "$dropin"; fi
      done
    fi
  done
done

# daemon.json: the --config-file of docker.service's ExecStart, else the default (src/gather/daemonConfig.ts).
file_step /etc/docker/daemon.json
for dir in $unit_dirs; do
  for unit_file in "$dir/docker.service" "$dir/docker.service.d"/*.conf; do
    if [ -f "$unit_file" ]; then
      sed -n 's/.*--config-file[= ][[:space:]]*\([^[:space:]"'\'']*\).*/\1/p' "$unit_file"
    fi
  done
done | sort -u | while read -r config_file; do
  if [ "$config_file" != /etc/docker/daemon.json ]; then file_step "$config_file"; fi
done

# dockerd's exec-root as src/daemon/execRoot.ts finds it: --exec-root on docker.service's command line (the unit
# systemd loads, the first found in the search order, then its drop-ins: the last one wins), else daemon.json's
# exec-root (the last --config-file, else the default file), else /var/run/docker.
unit_setting() {
  for dir in $unit_dirs; do
    if [ -f "$dir/docker.service" ]; then
      sed -n "$1" "$dir/docker.service"
      break
    fi
  done
  for dir in $unit_dirs; do
    for unit_file in "$dir/docker.service.d"/*.conf; do
      if [ -f "$unit_file" ]; then sed -n "$1" "$unit_file"; fi
    done
  done
}
dockerd_exec_root() {
  root_dir=$(unit_setting 's/.*--exec-root[= ][[:space:]]*\([^[:space:]"'\'']*\).*/\1/p' | tail -n 1)
  if [ -z "$root_dir" ]; then
    daemon_json=$(unit_setting 's/.*--config-file[= ][[:space:]]*\([^[:space:]"'\'']*\).*/\1/p' | tail -n 1)
    if [ -f "${daemon_json:-/etc/docker/daemon.json}" ]; then
      root_dir=$(sed -n 's/.*"exec-root"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "${daemon_json:-/etc/docker/daemon.json}" | head -n 1)
    fi
  fi
  echo "${root_dir:-/var/run/docker}"
}

# The engine, through the docker CLI: each template prints the engine API's JSON shape, networking fields only
# (src/bundle/engine.ts reads them).
run_step engine version docker version --format '{"Version":{{json .Server.Version}},"ApiVersion":{{json .Server.APIVersion}}}'
run_step engine info docker info --format '{"ID":{{json .ID}},"OperatingSystem":{{json .OperatingSystem}},"KernelVersion":{{json .KernelVersion}},"LiveRestoreEnabled":{{json .LiveRestoreEnabled}},"DefaultAddressPools":{{json .DefaultAddressPools}},"Warnings":{{json .Warnings}},"Swarm":{"LocalNodeState":{{json .Swarm.LocalNodeState}},"Cluster":{{with .Swarm.Cluster}}{"DefaultAddrPool":{{json .DefaultAddrPool}},"SubnetSize":{{json .SubnetSize}}}{{else}}null{{end}}}}'
# Engines before 28 have no firewall backend field: the template fails there, as the API leaves the field out.
run_step engine firewall-backend docker info --format '{{json .FirewallBackend}}'
# shellcheck disable=SC2016 # $k, $v, $name and $e are the templates' own variables
network_template='{"Id":{{json .ID}},"Name":{{json .Name}},"Driver":{{json .Driver}},"Scope":{{json .Scope}},"Internal":{{json .Internal}},"EnableIPv6":{{json .EnableIPv6}},"IPAM":{"Driver":{{json .IPAM.Driver}},"Config":{{json .IPAM.Config}}},"Options":[{{range $k, $v := .Options}}{{if eq (index (split $k "com.docker.network.") 0) ""}}[{{json $k}},{{json $v}}],{{end}}{{end}}null]}'
# shellcheck disable=SC2016
container_template='{"Id":{{json .ID}},"Names":[{{json .Name}}],"State":{{json .State.Status}},"NetworkSettings":{"Networks":[{{range $name, $e := .NetworkSettings.Networks}}[{{json $name}},{"NetworkID":{{json $e.NetworkID}},"IPAddress":{{json $e.IPAddress}},"GlobalIPv6Address":{{json $e.GlobalIPv6Address}}}],{{end}}null]},"PortBindings":{{json .NetworkSettings.Ports}}}'
# engine_list KEY LIST-COMMAND...: the listed IDs in $ids; when the listing fails, that failure is KEY's record.
engine_list() {
  key=$1
  shift
  ids=''
  run_step engine "$key" "$@" > "$tmp/record"
  if [ "$step_rc" = 0 ]; then
    ids=$(tr '\n' ' ' < "$tmp/out")
    return 0
  fi
  cat "$tmp/record"
  return 1
}
if engine_list networks docker network ls -q --no-trunc; then
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086 # one argument per network ID
    run_step engine networks docker network inspect --format "$network_template" $ids
  else
    emit engine 0 networks
  fi
fi
if engine_list containers docker ps -a -q --no-trunc; then
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086 # one argument per container ID
    run_step engine containers docker inspect --type container --format "$container_template" $ids
  else
    emit engine 0 containers
  fi
fi

# Swarm mode (src/bundle/swarm.ts reads it): this node and the cluster's pools from `docker info` (ClusterInfo holds no
# join tokens), then, on an active member, the swarm overlays with their peers, and the nodes, services and tasks
# (only managers answer those three). Each template keeps only what src/gather/swarm.ts reads: never a service's
# container spec, secrets, configs or labels.
run_step engine swarm-info docker info --format '{"NodeID":{{json .Swarm.NodeID}},"NodeAddr":{{json .Swarm.NodeAddr}},"LocalNodeState":{{json .Swarm.LocalNodeState}},"ControlAvailable":{{json .Swarm.ControlAvailable}},"Error":{{json .Swarm.Error}},"RemoteManagers":{{json .Swarm.RemoteManagers}},"Cluster":{{with .Swarm.Cluster}}{"DefaultAddrPool":{{json .DefaultAddrPool}},"SubnetSize":{{json .SubnetSize}},"DataPathPort":{{json .DataPathPort}}}{{else}}null{{end}}}'
if [ "$step_rc" = 0 ] && grep -q '"LocalNodeState":"active"' "$tmp/out"; then
  swarm_network_template='{"network":{"Id":{{json .ID}},"Name":{{json .Name}},"Driver":{{json .Driver}},"Scope":{{json .Scope}},"Internal":{{json .Internal}},"Attachable":{{json .Attachable}},"Ingress":{{json .Ingress}},"IPAM":{"Config":{{json .IPAM.Config}}},"Options":{{json .Options}}},"peers":{{json .Peers}}}'
  node_template='{"ID":{{json .ID}},"Description":{"Hostname":{{json .Description.Hostname}}},"Spec":{"Role":{{json .Spec.Role}},"Availability":{{json .Spec.Availability}}},"Status":{"State":{{json .Status.State}},"Addr":{{json .Status.Addr}}},"ManagerStatus":{{with .ManagerStatus}}{"Addr":{{json .Addr}}}{{else}}null{{end}}}'
  service_template='{"ID":{{json .ID}},"Spec":{"Name":{{json .Spec.Name}},"Mode":{{json .Spec.Mode}},"TaskTemplate":{"Networks":{{json .Spec.TaskTemplate.Networks}}},"Networks":{{json .Spec.Networks}},"EndpointSpec":{{json .Spec.EndpointSpec}},"UpdateConfig":{{json .Spec.UpdateConfig}}},"Endpoint":{"Ports":{{json .Endpoint.Ports}},"VirtualIPs":{{json .Endpoint.VirtualIPs}}}}'
  task_template='{"ID":{{json .ID}},"ServiceID":{{json .ServiceID}},"Slot":{{json .Slot}},"NodeID":{{json .NodeID}},"DesiredState":{{json .DesiredState}},"Status":{"State":{{json .Status.State}},"Err":{{json .Status.Err}}},"NetworksAttachments":[{{range .NetworksAttachments}}{"Network":{"ID":{{json .Network.ID}}},"Addresses":{{json .Addresses}}},{{end}}null]}'
  # swarm_inspect KEY TEMPLATE INSPECT-COMMAND... -- LIST-COMMAND...: KEY's record, one line per listed object.
  swarm_inspect() {
    key=$1
    template=$2
    shift 2
    inspect=''
    while [ "$1" != -- ]; do
      inspect="$inspect $1"
      shift
    done
    shift
    if engine_list "$key" "$@"; then
      if [ -n "$ids" ]; then
        # shellcheck disable=SC2086 # one word per part of the inspect command, one argument per ID
        run_step engine "$key" $inspect --format "$template" $ids
      else
        emit engine 0 "$key"
      fi
    fi
  }
  swarm_inspect swarm-networks "$swarm_network_template" docker network inspect --verbose -- docker network ls -q --no-trunc --filter driver=overlay --filter scope=swarm
  swarm_inspect swarm-nodes "$node_template" docker node inspect -- docker node ls -q
  if engine_list swarm-services docker service ls -q; then
    services=$ids
    if [ -n "$services" ]; then
      # shellcheck disable=SC2086 # one argument per service ID
      run_step engine swarm-services docker service inspect --format "$service_template" $services
      # shellcheck disable=SC2086
      swarm_inspect swarm-tasks "$task_template" docker inspect --type task -- docker service ps -q --no-trunc $services
    else
      emit engine 0 swarm-services
      emit engine 0 swarm-tasks
    fi
  else
    # the services could not be listed (a worker): neither can the tasks, for the same reason
    sed 's/^@engine \([^ ]*\) \([^ ]*\) \([^ ]*\) swarm-services$/@engine \1 \2 \3 swarm-tasks/' "$tmp/record"
  fi
  # The routing mesh's namespace, <exec-root>/netns/ingress_sbox, and its rules as dockerd's iptables binary wrote
  # them (src/gather/ingressSandbox.ts).
  ingress_sbox=$(dockerd_exec_root | sed 's:/*$::')/netns/ingress_sbox
  lstat_step "$ingress_sbox"
  if [ -e "$ingress_sbox" ] || [ -L "$ingress_sbox" ]; then
    run nsenter "--net=$ingress_sbox" iptables-save -w
    if [ "$step_rc" != 0 ] && first_error_has 'invalid option'; then run nsenter "--net=$ingress_sbox" iptables-save; fi
  else
    dir_step "${ingress_sbox%/ingress_sbox}"
  fi
fi

# The installed engine, for when it does not answer (src/gather/installedEngine.ts). Of dpkg's status file only the
# stanzas of the engine packages are kept: the rest is every package on the host, and no rule reads it.
run dockerd --version
if [ -f /var/lib/dpkg/status ]; then
  if awk 'BEGIN { RS = ""; ORS = "\n\n" } /^Package: (docker-ce|docker\.io|moby-engine|docker-engine)\n/ { print }' /var/lib/dpkg/status > "$tmp/out" 2> "$tmp/err"; then
    emit file present /var/lib/dpkg/status "$tmp/out"
  else
    emit file unreadable /var/lib/dpkg/status '' "$tmp/err"
  fi
else
  file_step /var/lib/dpkg/status
fi
for package in docker-ce moby-engine docker; do
  run rpm -q --root / --qf '%{VERSION}' "$package"
  if [ "$step_rc" = 127 ]; then break; fi
done

# iptables and ip6tables as dockerd's own binary sees them, and each backend's saved rules (src/gather/firewall.ts).
# `-w` waits for the xtables lock; iptables-save 1.8 refuses it ("invalid option"), so it is asked again without.
save() {
  run "$1" -w
  if [ "$step_rc" != 0 ] && first_error_has 'invalid option'; then run "$1"; fi
}
for family in iptables ip6tables; do
  run "$family" -V
  save "$family-save"
  save "$family-legacy-save"
  save "$family-nft-save"
done
for saved in /etc/sysconfig/iptables /etc/sysconfig/ip6tables /etc/iptables/rules.v4 /etc/iptables/rules.v6; do
  file_step "$saved"
done

# Routes and addresses: `ip -j` where iproute2 has it (4.13+), else the text form (src/gather/network.ts).
ip_step() {
  run ip -j "$@"
  if [ "$step_rc" != 0 ] && first_error_has '"-j"'; then run ip "$@"; fi
}
ip_step -4 route show table all
ip_step -6 route show table all
ip_step addr

file_step /etc/resolv.conf
file_step /run/systemd/resolve/resolv.conf
for sysctl in net/ipv4/ip_forward net/ipv6/conf/all/forwarding net/ipv6/conf/default/forwarding net/bridge/bridge-nf-call-iptables net/bridge/bridge-nf-call-ip6tables; do
  file_step "/proc/sys/$sysctl"
done

# nftables: every table's chains (hooks and policies, no rules) and Docker's own tables in full, never the whole
# ruleset, which repeats every iptables-nft rule (src/gather/nftables.ts); then the service configs with everything
# they include (src/gather/nftablesConfigs.ts: relative names under /etc, globs in the last component, at most 64).
run nft -j list chains
run nft list chains
# The native INPUT path, walked as src/gather/nftInput.ts walks it: the filter base chains on the input hook of the ip,
# ip6 and inet families (iptables-nft's own INPUT chains are iptables-save's), then, breadth first, the chains their
# rules jump or go to (in the JSON text, the target of each `{"jump": ` or `{"goto": ` object), each listed with
# `nft -j list chain`; at most 128 chains in all and 16 jumps deep (src/limits/caps.ts). Seen chains are in nft-seen,
# the ones to list in nft-queue, as `DEPTH FAMILY TABLE NAME`.
if [ "$step_rc" = 0 ]; then
  awk '
    $1 == "table" { family = $2; table = $3 }
    $1 == "chain" { chain = $2 }
    $1 == "type" && $2 == "filter" && $3 == "hook" && $4 == "input" && (family == "ip" || family == "ip6" || family == "inet") {
      if (!(family != "inet" && (table == "filter" || table == "mangle" || table == "security") && chain == "INPUT")) print 0, family, table, chain
    }' "$tmp/out" > "$tmp/nft-seen"
  head -n 128 "$tmp/nft-seen" > "$tmp/nft-queue"
  position=0
  while [ "$position" -lt "$(($(wc -l < "$tmp/nft-queue")))" ]; do
    position=$((position + 1))
    set -f
    # shellcheck disable=SC2046 # one word per field of the queued line
    set -- $(sed -n "${position}p" "$tmp/nft-queue")
    set +f
    depth=$1 family=$2 table=$3 chain=$4
    run nft -j list chain "$family" "$table" "$chain"
    if [ "$step_rc" != 0 ]; then continue; fi
    # One awk per chain: the targets not seen yet join nft-seen, and nft-queue while within the caps.
    tr '{' '\n' < "$tmp/out" | awk -v depth="$depth" -v at="$family $table" -v seen_file="$tmp/nft-seen" -v queue_file="$tmp/nft-queue" '
      BEGIN { while ((getline line < seen_file) > 0) { split(line, f, " "); seen[f[2] " " f[3] " " f[4]] = 1; count++ } close(seen_file) }
      prev ~ /"(jump|goto)": *$/ && match($0, /^"target": *"[^"]*"/) {
        target = substr($0, 1, RLENGTH - 1)
        sub(/^"target": *"/, "", target)
        key = at " " target
        if (!(key in seen)) {
          seen[key] = 1
          count++
          print depth + 1, key >> seen_file
          if (depth + 1 <= 16 && count <= 128) print depth + 1, key >> queue_file
        }
      }
      { prev = $0 }'
  done
fi
for family in ip ip6; do
  run nft -j list table "$family" docker-bridges
  run nft list table "$family" docker-bridges
done
includes_of() {
  if [ -f "$1" ]; then
    sed -n 's/^[[:space:]]*include[[:space:]][[:space:]]*"\([^"]*\)".*/\1/p' "$1" | while read -r name; do
      case $name in /*) echo "$name" ;; *) echo "/etc/$name" ;; esac
    done
  fi
}
file_step /etc/nftables.conf
set -f
queue="/etc/sysconfig/nftables.conf $(includes_of /etc/nftables.conf)"
seen=' /etc/nftables.conf '
count=0
while [ -n "$queue" ] && [ "$count" -lt 64 ]; do
  # shellcheck disable=SC2086 # the queue is a list of words (paths without spaces)
  set -- $queue
  if [ $# = 0 ]; then break; fi
  name=$1
  shift
  queue=$*
  case ${name##*/} in
    *[*?[]*)
      dir_step "${name%/*}"
      set +f
      # shellcheck disable=SC2086 # the glob is expanded here, on purpose
      matches=$(for match in $name; do if [ -e "$match" ]; then echo "$match"; fi; done)
      set -f
      ;;
    *) matches=$name ;;
  esac
  for file in $matches; do
    case $seen in *" $file "*) continue ;; esac
    seen="$seen$file "
    file_step "$file"
    count=$((count + 1))
    queue="$queue $(includes_of "$file")"
  done
done
set +f

# Firewall units: enabled and active per systemctl, and the symlinks for when systemctl cannot answer
# (src/gather/unitStates.ts).
dir_step /etc/systemd/system
for unit in iptables.service ip6tables.service netfilter-persistent.service nftables.service firewalld.service; do
  installed=no
  for dir in $unit_dirs; do
    if [ -e "$dir/$unit" ] || [ -L "$dir/$unit" ]; then installed=yes; fi
  done
  if [ "$installed" = yes ]; then
    run systemctl is-enabled "$unit"
    run systemctl is-active "$unit"
  fi
  for wants in /etc/systemd/system/*.wants /etc/systemd/system/*.requires; do
    if [ -d "$wants" ]; then lstat_step "$wants/$unit"; fi
  done
done

# firewalld: its configuration, and zones and policies while it runs (src/gather/firewalld.ts).
file_step /etc/firewalld/firewalld.conf
run firewall-cmd --state
if [ "$step_rc" = 0 ] && [ "$(cat "$tmp/out")" = running ]; then
  run firewall-cmd --get-active-zones
  run firewall-cmd --get-policies
fi

printf '@end\n'
