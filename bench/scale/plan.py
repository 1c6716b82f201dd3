#!/usr/bin/env python3
"""The national plan's arithmetic (docs/scale.md), from the measured inputs.

Nothing here is measured: it multiplies what bench/scale/run.sh and
`vendorscope capture` measured (rows per unit, bytes per row, rows/s) by
Copenhagen's units and the population ratio, so the tables of
docs/scale.md can be re-derived when an input changes.

usage: plan.py [--obs-bytes B] [--asset-bytes B] [--copy-rate R] [--retained-days D]
"""
import argparse

KK_UNITS = 41931            # 001 Table 1, hardware units (the seeds' oracle 1)
# Statistics Denmark, Statistikbanken FOLK1A, 1 January 2025, rounded to
# 10,000 (docs/scale.md gives the grouping and why rounding is enough).
POP_DK = 5_960_000
POP_KK = 660_000
GROUPS = [  # name, municipalities, population (rounded)
    ('København', 1, 660_000),
    ('Aarhus', 1, 370_000),
    ('Aalborg, Odense', 2, 440_000),
    ('the other 94', 94, 4_490_000),
]
# Rows one unit adds per daily capture (measured, docs/scale.md).
PER_UNIT = {
    'observation': 4.863,  # gen.py's Copenhagen mix: 203,898 rows a day for 41,931 units
    'asset': 1.0,          # a daily survey holds one asset row per unit heard
    'asset_seen': 1.0,
    'exposure': 2.36,      # 2,369 rows for 1,003 devices (bench capture)
}
CAP = {'observation': 64, 'exposure': 256}  # VS_MAX_DEVICE_OBS, VS_MAX_DEVICE_PEERS


def fmt(x):
    if x >= 1e9:
        return '%.1f G' % (x / 1e9)
    if x >= 1e6:
        return '%.1f M' % (x / 1e6)
    if x >= 1e3:
        return '%.0f k' % (x / 1e3)
    return '%.0f' % x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--obs-bytes', type=float, default=164.0)
    ap.add_argument('--asset-bytes', type=float, default=239.0)
    ap.add_argument('--exposure-bytes', type=float, default=150.0)
    ap.add_argument('--seen-bytes', type=float, default=70.0)
    ap.add_argument('--copy-rate', type=float, default=50000.0)
    ap.add_argument('--retained-days', type=int, default=100)  # 90 daily + ~10 monthly
    a = ap.parse_args()
    nbytes = {'observation': a.obs_bytes, 'asset': a.asset_bytes,
              'exposure': a.exposure_bytes, 'asset_seen': a.seen_bytes}
    units = KK_UNITS * POP_DK / POP_KK
    held = {}
    print('## Units by group (%d municipalities)\n' % sum(g[1] for g in GROUPS))
    print('| group | municipalities | population | units | share |')
    print('| --- | ---: | ---: | ---: | ---: |')
    for name, n, pop in GROUPS:
        print('| %s | %d | %s | %s | %.1f %% |' % (name, n, fmt(pop), fmt(KK_UNITS * pop / POP_KK),
                                              100.0 * pop / POP_DK))
    print('| Denmark | 98 | %s | %s | 100 %% |\n' % (fmt(POP_DK), fmt(units)))
    for label, per in (('measured facts per unit', PER_UNIT),
                       ('every unit at the per-device caps', dict(PER_UNIT, **CAP))):
        print('## Daily captures, %s\n' % label)
        print('| table | rows/unit/day | rows/day | GB/day | rows/year | TB/year | rows/s (day average) | rows/s (in 1 h) |')
        print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
        tot_rows = tot_bytes = 0.0
        for t, r in per.items():
            day = units * r
            b = day * nbytes[t]
            tot_rows += day
            tot_bytes += b
            print('| %s | %.2f | %s | %.2f | %s | %.2f | %.0f | %.0f |'
                  % (t, r, fmt(day), b / 1e9, fmt(day * 365), b * 365 / 1e12, day / 86400, day / 3600))
        print('| all | | %s | %.2f | %s | %.2f | %.0f | %.0f |'
              % (fmt(tot_rows), tot_bytes / 1e9, fmt(tot_rows * 365), tot_bytes * 365 / 1e12,
                 tot_rows / 86400, tot_rows / 3600))
        print('\nLoading a day at the measured COPY rate (%.0f rows/s, one node): %.0f s\n'
              % (a.copy_rate, tot_rows / a.copy_rate))
        held[label] = (tot_rows * a.retained_days, tot_bytes * a.retained_days)
    print('## Held, %d days of rows retained (Citus, on paper)\n' % a.retained_days)
    labels = list(held)
    print('| | ' + ' | '.join(labels) + ' |')
    print('| --- | ' + ' | '.join('---:' for _ in labels) + ' |')
    print('| rows | ' + ' | '.join(fmt(held[k][0]) for k in labels) + ' |')
    print('| bytes | ' + ' | '.join('%.0f GB' % (held[k][1] / 1e9) for k in labels) + ' |')
    for n in (2, 4, 8):
        print('| each of %d workers | ' % n + ' | '.join('%.0f GB' % (held[k][1] / n / 1e9) for k in labels) + ' |')
    print('| København alone (%.1f %%) | ' % (100.0 * POP_KK / POP_DK)
          + ' | '.join('%.0f GB' % (held[k][1] * POP_KK / POP_DK / 1e9) for k in labels) + ' |')


if __name__ == '__main__':
    main()
