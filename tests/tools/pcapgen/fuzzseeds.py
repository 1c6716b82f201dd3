#!/usr/bin/env python3
"""Seeds for tests/fuzz/fuzz_capture.c from the fixture captures.

Each tests/fixtures/pcap/<name>.pcap (classic pcap, Ethernet) becomes
<outdir>/<name>: its frames as records link(1)=0 len(2, little-endian) frame.
site.pcap is also written as Linux cooked v1 (site-sll, link 1) and v2
(site-sll2, link 2) frames: the sender's MAC in the cooked header; and as
site-payload, its IPv4 UDP and TCP payloads as records of link 3 (what scan/
hands over): proto(1) sport(2) dport(2) src(4) dst(4) has_mac(1) mac(6)
payload, ports big-endian.

    python3 tests/tools/pcapgen/fuzzseeds.py tests/fixtures/pcap tests/fuzz/corpus/fuzz_capture
"""
import os
import struct
import sys


def frames(path):
    with open(path, 'rb') as f:
        data = f.read()
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack_from('<IIII', data, off)
        off += 16
        yield data[off:off + incl]
        off += incl


def main():
    if len(sys.argv) != 3:
        sys.stderr.write('usage: fuzzseeds.py PCAPDIR OUTDIR\n')
        return 64
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(src)):
        if not name.endswith('.pcap'):
            continue
        seed = b''.join(b'\0' + struct.pack('<H', len(fr)) + fr for fr in frames(os.path.join(src, name)))
        with open(os.path.join(out, name[:-5]), 'wb') as f:
            f.write(seed)
        if name == 'site.pcap':
            for link, tag in ((1, 'sll'), (2, 'sll2')):
                recs = []
                for fr in frames(os.path.join(src, name)):
                    etype, body, addr = fr[12:14], fr[14:], fr[6:12] + b'\0\0'
                    if link == 1:
                        hdr = struct.pack('!HHH', 0, 1, 6) + addr + etype
                    else:
                        hdr = etype + b'\0\0' + struct.pack('!IHBB', 1, 1, 0, 6) + addr
                    rec = hdr + body
                    recs.append(bytes([link]) + struct.pack('<H', len(rec)) + rec)
                with open(os.path.join(out, 'site-' + tag), 'wb') as f:
                    f.write(b''.join(recs))
            recs = []
            for fr in frames(os.path.join(src, name)):
                if fr[12:14] != b'\x08\x00':
                    continue
                ip = fr[14:]
                ihl, proto, total = (ip[0] & 15) * 4, ip[9], struct.unpack('!H', ip[2:4])[0]
                l4 = ip[ihl:total]
                if proto == 17:
                    body = l4[8:]
                elif proto == 6:
                    body = l4[(l4[12] >> 4) * 4:]
                else:
                    continue
                rec = bytes([proto]) + l4[0:4] + ip[12:20] + b'\1' + fr[6:12] + body
                recs.append(b'\3' + struct.pack('<H', len(rec)) + rec)
            with open(os.path.join(out, 'site-payload'), 'wb') as f:
                f.write(b''.join(recs))
    return 0


if __name__ == '__main__':
    sys.exit(main())
