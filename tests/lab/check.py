#!/usr/bin/env python3
"""Compare `scan --json` output with the lab's expectations (LAB_EXPECT).

  check.py EXPECT.tsv OUT.json [--without PROFILE,...]

Every device of EXPECT must appear (by MAC) with the expected vendor,
chinese and brand, except the profiles named after --without, which must
NOT appear (a scan that cannot see them must not invent them). A row whose
note starts with "xfail:" is a known wrong answer: it must still be wrong
(so a fix is noticed and the expectation updated). Prints one line per
device; exit 1 on any mismatch.
"""
import json
import sys


def main():
    expect, out = sys.argv[1], sys.argv[2]
    without = set()
    if len(sys.argv) > 4 and sys.argv[3] == '--without':
        without = set(sys.argv[4].split(','))
    devs = {}
    for line in open(out):
        o = json.loads(line)
        devs[o['mac']] = o
    fails = 0
    for row in open(expect):
        ip, mac, profile, vendor, chinese, brand, name, note = row.rstrip('\n').split('\t')
        want_vendor = None if vendor == '-' else vendor
        want_brand = None if brand == '-' else brand
        want_chinese = {'true': True, 'false': False, 'null': None}[chinese]
        d = devs.get(mac)
        if profile in without:
            ok = d is None
            print('%-4s %-12s %s not expected here: %s' % ('ok' if ok else 'FAIL', name, mac,
                                                         'absent' if ok else 'found'))
            fails += not ok
            continue
        if d is None:
            print('FAIL %-12s %s (%s) not found' % (name, mac, ip))
            fails += 1
            continue
        got_brand = d['brand']
        # The brand is reported by its knowledge-base display name ("LTS (LT Security)").
        brand_ok = want_brand is None or (got_brand or '').startswith(want_brand)
        ok = (d['vendor'] == want_vendor and d['chinese'] is want_chinese and brand_ok
              and ip in d['ip'])
        if note.startswith('xfail:'):
            status = 'XFAIL' if not ok else 'FAIL'
            print('%-5s %-12s vendor=%r chinese=%r (%s)' % (status, name, d['vendor'], d['chinese'], note))
            fails += ok  # fixed: update devices.tsv
            continue
        print('%-4s %-12s vendor=%r chinese=%r brand=%r ip=%s' % ('ok' if ok else 'FAIL', name, d['vendor'],
                                                              d['chinese'], got_brand, ','.join(d['ip'])))
        if not ok:
            print('     want vendor=%r chinese=%r brand=%r ip=%s' % (want_vendor, want_chinese, want_brand, ip))
        fails += not ok
    sys.exit(1 if fails else 0)


main()
