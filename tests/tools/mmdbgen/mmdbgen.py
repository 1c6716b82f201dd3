#!/usr/bin/env python3
"""Write the tiny MaxMind DB the geo unit tests read, from the format's spec.

MaxMind DB File Format Specification, version 2.0
(https://maxmind.github.io/MaxMind-DB/): a binary search tree over the
address bits, 16 zero bytes, a data section of typed values, then the
metadata marker "\\xab\\xcd\\xefMaxMind.com" and a metadata map.

  tree     node_count nodes of two records (left = bit 0, right = bit 1);
           24-bit records: 6 bytes a node, big-endian. A record below
           node_count is the next node, equal to node_count means "no data",
           above it points into the data section at
           (record - node_count - 16).
  data     control byte: type in the top 3 bits (1 pointer, 2 UTF-8 string,
           5 uint16, 6 uint32, 7 map; 0 = extended, the next byte holds
           type - 7: 9 uint64, 11 array), size in the low 5 bits (< 29; 29,
           30, 31 take 1, 2, 3 more bytes).
  IPv4     an IPv6 tree holds IPv4 under ::/96, where libmaxminddb looks.

Python 3 standard library only; deterministic, so the committed file can be
regenerated and compared:

    python3 tests/tools/mmdbgen/mmdbgen.py tests/fixtures/geo/tiny.mmdb

Networks written (the tests in tests/unit/geo/ pin these):
  47.96.0.0/11        {"country_code": "CN"}        ip-location-db layout
  130.225.0.0/16      {"country_code": "DK"}
  8.8.8.0/24          {"country": {"iso_code": "US"}}  GeoLite2 / DB-IP layout
  1.2.3.0/24          {"asn": 4134}                  no country at all
  5.6.7.0/24          {"country_code": "China"}      not an ISO code
  2001:250::/32       {"country_code": "CN"}
  2a00:1450::/32      {"country": {"iso_code": "IE"}}
  10.0.0.0/8          {"country_code": "XX"}         a private range the
                      lookup must never reach (private answers come first)
"""
import struct
import sys


def ctrl(typ, size):
    """Control byte(s) for a value of `typ` with payload size `size`."""
    if size < 29:
        head, ext = size, b''
    elif size < 29 + 256:
        head, ext = 29, bytes([size - 29])
    elif size < 285 + 65536:
        head, ext = 30, struct.pack('>H', size - 285)
    else:
        head, ext = 31, struct.pack('>I', size - 65821)[1:]
    if typ <= 7:
        return bytes([(typ << 5) | head]) + ext
    return bytes([head, typ - 7]) + ext


def enc(v):
    if isinstance(v, str):
        b = v.encode()
        return ctrl(2, len(b)) + b
    if isinstance(v, dict):
        out = ctrl(7, len(v))
        for k, x in v.items():
            out += enc(k) + enc(x)
        return out
    if isinstance(v, list):
        return ctrl(11, len(v)) + b''.join(enc(x) for x in v)
    if isinstance(v, tuple):  # (bits, value): unsigned integer of a chosen width
        bits, n = v
        b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
        return ctrl({16: 5, 32: 6, 64: 9}[bits], len(b)) + b
    raise TypeError(v)


def u16(n):
    return (16, n)


def u32(n):
    return (32, n)


def u64(n):
    return (64, n)


def v4(net):
    addr, plen = net.split('/')
    a = bytes(12) + bytes(int(x) for x in addr.split('.'))
    return a, 96 + int(plen)


def v6(net):
    addr, plen = net.split('/')
    head, _, tail = addr.partition('::')
    hs = [int(x, 16) for x in head.split(':') if x]
    ts = [int(x, 16) for x in tail.split(':') if x]
    words = hs + [0] * (8 - len(hs) - len(ts)) + ts
    return struct.pack('>8H', *words), int(plen)


NETWORKS = [
    (v4('47.96.0.0/11'), {'country_code': 'CN'}),
    (v4('130.225.0.0/16'), {'country_code': 'DK'}),
    (v4('8.8.8.0/24'), {'country': {'iso_code': 'US'}}),
    (v4('1.2.3.0/24'), {'asn': u32(4134)}),
    (v4('5.6.7.0/24'), {'country_code': 'China'}),
    (v6('2001:250::/32'), {'country_code': 'CN'}),
    (v6('2a00:1450::/32'), {'country': {'iso_code': 'IE'}}),
    (v4('10.0.0.0/8'), {'country_code': 'XX'}),
]


def build():
    # Trie: node = [left, right]; a child is None, an int (node) or ('d', offset).
    nodes = [[None, None]]
    data = b''
    for (addr, plen), value in NETWORKS:
        off = len(data)
        data += enc(value)
        n = 0
        for i in range(plen):
            bit = (addr[i // 8] >> (7 - i % 8)) & 1
            if i == plen - 1:
                nodes[n][bit] = ('d', off)
            else:
                if not isinstance(nodes[n][bit], int):
                    nodes.append([None, None])
                    nodes[n][bit] = len(nodes) - 1
                n = nodes[n][bit]
    count = len(nodes)

    def rec(child):
        if child is None:
            return count
        if isinstance(child, int):
            return child
        return count + 16 + child[1]

    tree = b''
    for left, right in nodes:
        tree += struct.pack('>I', rec(left))[1:] + struct.pack('>I', rec(right))[1:]
    meta = {
        'node_count': u32(count),
        'record_size': u16(24),
        'ip_version': u16(6),
        'database_type': 'vendorscope-test-country',
        'languages': ['en'],
        'binary_format_major_version': u16(2),
        'binary_format_minor_version': u16(0),
        'build_epoch': u64(1767225600),  # 2026-01-01: fixed, so the file is reproducible
        'description': {'en': 'vendorscope geo unit-test database (tests/tools/mmdbgen)'},
    }
    return tree + bytes(16) + data + b'\xab\xcd\xefMaxMind.com' + enc(meta)


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: mmdbgen.py OUT.mmdb')
    with open(sys.argv[1], 'wb') as f:
        f.write(build())


if __name__ == '__main__':
    main()
