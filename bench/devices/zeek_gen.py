#!/usr/bin/env python3
"""A Zeek conn.log (TSV, Zeek 9.1's columns with mac-logging) of N lines:
400 local hosts (192.168.0.0/22, each with a MAC) talking to 20,000
external addresses (a tenth in 47.96.0.0/11, which tests/fixtures/geo/
tiny.mmdb places in CN), some local-to-local and inbound connections.
Deterministic (seeded). usage: zeek_gen.py LINES FILE
"""
import random, sys

n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(12)
hosts = [("192.168.%d.%d" % (i // 250, i % 250 + 2), "02:00:00:%02x:%02x:%02x" % (i >> 16 & 255, i >> 8 & 255, i & 255))
         for i in range(400)]
peers = []
for i in range(20000):
    if i % 10 == 0:
        peers.append("47.%d.%d.%d" % (96 + rnd.randrange(32), rnd.randrange(256), rnd.randrange(1, 255)))
    else:
        peers.append("%d.%d.%d.%d" % (rnd.choice([23, 34, 52, 104, 142, 151, 185, 213]), rnd.randrange(256),
                                      rnd.randrange(256), rnd.randrange(1, 255)))
GW = "00:0d:b9:00:00:01"
cols = ("ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto service duration orig_bytes resp_bytes conn_state "
        "local_orig local_resp missed_bytes history orig_pkts orig_ip_bytes resp_pkts resp_ip_bytes tunnel_parents "
        "ip_proto orig_l2_addr resp_l2_addr").split()
types = ("time string addr port addr port enum string interval count count string bool bool count string count "
         "count count count set[string] count string string").split()
ts = 1767225601.0
with open(path, "w") as f:
    f.write("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
            "#open\t2026-01-01-00-00-00\n#fields\t%s\n#types\t%s\n" % ("\t".join(cols), "\t".join(types)))
    out = []
    for i in range(n):
        ts += rnd.random() * 0.05
        h, mac = hosts[rnd.randrange(len(hosts))]
        kind = rnd.random()
        ob, rb = rnd.randrange(40, 5000), rnd.randrange(0, 200000)
        op, rp = rnd.randrange(1, 40), rnd.randrange(0, 200)
        uid = "C%016x" % rnd.getrandbits(64)
        if kind < 0.85:  # out to the internet
            row = (h, rnd.randrange(32768, 61000), peers[rnd.randrange(len(peers))], rnd.choice([443, 80, 123, 8883]),
                   "T", "F", mac, GW)
        elif kind < 0.95:  # local to local
            h2, mac2 = hosts[rnd.randrange(len(hosts))]
            row = (h, rnd.randrange(32768, 61000), h2, rnd.choice([445, 554, 80]), "T", "T", mac, mac2)
        else:  # inbound
            row = (peers[rnd.randrange(len(peers))], rnd.randrange(1024, 65535), h, rnd.choice([443, 37777, 8000]),
                   "F", "T", GW, mac)
        dur = "%.6f" % (rnd.random() * 30)
        out.append("%.6f\t%s\t%s\t%d\t%s\t%d\ttcp\tssl\t%s\t%d\t%d\tSF\t%s\t%s\t0\tShADadFf\t%d\t%d\t%d\t%d\t-\t6\t%s\t%s\n"
                   % (ts, uid, row[0], row[1], row[2], row[3], dur, ob, rb, row[4], row[5], op, ob + 40 * op,
                      rp, rb + 40 * rp, row[6], row[7]))
        if len(out) == 10000:
            f.write("".join(out))
            out = []
    f.write("".join(out))
    f.write("#close\t2026-01-01-23-59-59\n")
