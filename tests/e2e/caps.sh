#!/usr/bin/env bash
# Caps reached are said (issue 15, point 9): a capture past the 65,536-device
# limit counts the frames it did not track (not "MACs"), and a device with
# more external peers than are kept (VS_MAX_DEVICE_PEERS) is named in a note.
source "$(dirname "$0")/lib.sh"
python3 - "$work/many.pcap" <<'PY'
import struct, sys
def frame(src, dst_ip, sport):
    ip_src = bytes([10, 1, (src >> 8) & 0xff, src & 0xff])
    udp = struct.pack('>HHHH', sport, 9999, 8 + 4, 0) + b'ping'
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, ip_src, bytes(dst_ip))
    mac = struct.pack('>HI', 0x0200, src)
    return b'\xff\xff\xff\xff\xff\xfe' + mac + b'\x08\x00' + ip + udp
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    t = 1767225600
    def put(b):
        f.write(struct.pack('<IIII', t, 0, len(b), len(b)) + b)
    # One device talks to 300 external peers: 256 are kept.
    for k in range(300):
        put(frame(1, [47, 96, k >> 8, k & 0xff], 5000))
    # Then 65,540 more MACs, two frames each: 65,535 fit beside the first.
    for m in range(2, 65542):
        put(frame(m, [10, 0, 0, 1], 5000))
        put(frame(m, [10, 0, 0, 1], 5001))
PY
cdb=$(vs_db c)
expect_status 0 "$VS" init "$cdb"
expect_status 0 "$VS" capture "$cdb" --read "$work/many.pcap" --survey many
expect_contains "$work/err" "10 frames from MACs past the 65536-device limit (VS_MAX_CAPTURE_DEVICES) were not tracked"
expect_contains "$work/err" "1 device showed more than is kept per device"
expect_contains "$work/err" "256 external peers"
expect_contains "$work/err" "44 more were not"
finish
