#!/bin/sh
# Captures `ip` route and address output, text and JSON, for fixtures/iproute/iproute2-*/ (see its README).
# Run as root from an empty directory: sh scripts/capture-iproute.sh
set -eu
ns=dd-iproute-capture-$$
ip netns add $ns
trap 'ip netns delete $ns' EXIT
n() { nsenter --net=/var/run/netns/$ns "$@"; }
n ip link set lo up
n ip link add eth0 type veth peer name eth0-peer; n ip link set eth0-peer up; n ip link set eth0 up
n ip link add br-0123456789ab type bridge; n ip link set br-0123456789ab up
n ip link add docker0 type bridge
n ip link add tun0 type veth peer name tun0-peer; n ip link set tun0-peer up; n ip link set tun0 up
n ip addr add 192.168.10.5/24 dev eth0
n ip addr add 192.168.10.6/24 dev eth0 secondary 2>/dev/null || n ip addr add 192.168.10.6/24 dev eth0
n ip addr add 2001:db8:10::5/64 dev eth0 nodad
n ip addr add 172.18.0.1/16 dev br-0123456789ab
n ip addr add 172.17.0.1/16 dev docker0
n ip addr add fd00:dead:beef::1/64 dev br-0123456789ab nodad
n ip addr add 10.8.0.1 peer 10.8.0.2/32 dev tun0
n ip route add default via 192.168.10.1 dev eth0 proto dhcp metric 100
n ip route add 10.20.0.0/16 via 192.168.10.254 dev eth0
n ip route add 10.30.0.0/16 dev tun0 scope link
n ip route add 10.40.1.7 via 192.168.10.254 dev eth0
n ip route add unreachable 10.50.0.0/16
n ip route add blackhole 10.60.0.0/16
n ip route add prohibit 10.70.0.0/16
n ip route add 10.80.0.0/16 dev eth0 table 100
n ip route add default via 192.168.10.2 dev eth0 table vpn 2>/dev/null || n ip route add default via 192.168.10.2 dev eth0 table 200
n ip route add 10.90.0.0/16 nexthop via 192.168.10.1 dev eth0 weight 1 nexthop via 192.168.10.2 dev eth0 weight 2
n ip -6 route add default via 2001:db8:10::1 dev eth0 metric 1024
n ip -6 route add 2001:db8:99::/48 via 2001:db8:10::fe dev eth0
n ip -6 route add unreachable 2001:db8:dead::/48
n ip -6 route add 2001:db8:77::/48 dev eth0 table 100
for f in 4 6; do
  n ip -$f route show table all > route-$f.txt
  n ip -j -$f route show table all > route-$f.json
done
n ip addr > addr.txt
n ip -j addr > addr.json
ip -V > ip-version.txt
