#!/usr/bin/env python3
"""Write one municipality's daily captures as PostgreSQL COPY text files.

The shape comes from what vendorscope stores, not from guesses:
  devices   Copenhagen's hardware units of 001 Table 1 (41,931: 40,922 PCs,
            826 cameras, 108 video consoles, 70 routers, 5 drones);
  per day   one survey (the day's date) with one capture source per sensor
            site, one asset row per device heard, and its observations;
  facts     what `vendorscope capture` stored per device from the bench
            capture (bench/capture/gen.py, 5,007 devices, 30,469
            observation rows): untyped hosts (PCs, phones) 4.74 distinct
            facts each (DHCP host name and vendor class, TLS SNIs), cameras
            11.76 (SADP or DHIP, WS-Discovery, HTTP realm and Server, SSDP),
            with the value lengths measured there (SNI ~18 bytes, mDNS ~40).
Whole days are written until at least --observations rows are. Deterministic; Python standard library only.

usage: gen.py OUTDIR [--observations 10000000] [--org 101] [--sites 10]
Writes OUTDIR/{survey,source,asset,observation}.tsv and OUTDIR/meta.txt
(days, newest survey id and date, a sample of asset ids of the newest day).
"""
import argparse
import datetime
import os
import random

# Copenhagen's Table 1: type, count, Chinese (the seeds' oracle 1 counts
# only Chinese units; here every unit is, as in the seed's inventory).
MIX = [('pc_pedagogical', 37323), ('laptop', 3255), ('desktop', 344),
       ('surveillance_camera', 795), ('traffic_camera', 31),
       ('video_conference_console', 108), ('router', 70), ('drone', 5)]
CAMERA = {'surveillance_camera', 'traffic_camera'}
SNI = ['login.microsoftonline.com', 'www.borger.dk', 'ctldl.windowsupdate.com',
       'outlook.office365.com', 'teams.microsoft.com', 'aula.dk', 'kk.dk',
       'clients.l.google.com', 'edge.microsoft.com', 'graph.microsoft.com']


def facts(kind, i):
    """The distinct {method, field, value, confidence} one device shows."""
    if kind in CAMERA:
        if i % 2:
            base = [('sadp', 'device_type', '1'), ('sadp', 'dsp_version', 'V5.3.0 build 200917'),
                    ('sadp', 'firmware', 'V5.7.3build 220112'), ('sadp', 'model', 'DS-2CD2143G0-I'),
                    ('sadp', 'serial', 'DS-2CD2143G0-I%014d' % i)]
        else:
            base = [('dhip', 'device_class', 'IPC'), ('dhip', 'firmware', '2.800.0000000.16.R'),
                    ('dhip', 'hostname', 'IPC-HFW2431S%06d' % i), ('dhip', 'manufacturer', 'Dahua'),
                    ('dhip', 'model', 'IPC-HFW2431S-S-S2'), ('dhip', 'serial', '6G0%015d' % i),
                    ('dhip', 'vendor', 'General')]
        base += [('wsd', 'model', base[3][2]), ('wsd', 'name', 'IPCAM'),
                 ('wsd', 'types', 'dn:NetworkVideoTransmitter'),
                 ('http', 'realm', 'IP Camera(%05d)' % (i % 100000)), ('http', 'server', 'App-webs/')]
        if i % 4 == 0:
            base.append(('ssdp', 'server', 'Linux/3.10 UPnP/1.0 IPCAM/1.0 SSDP'))
        return [(m, f, v, 0.9) for m, f, v in base][:11 + (i % 4 != 3)]
    n = 5 if i % 100 < 74 else 4  # 4.74 on average, as measured
    out = [('dhcp', 'hostname', 'KK-PC-%05d' % i, 0.7), ('dhcp', 'vendor_class', 'MSFT 5.0', 0.7)]
    for k in range(n - 2):
        out.append(('tls', 'sni', SNI[(i + 3 * k) % len(SNI)], 0.7))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('outdir')
    ap.add_argument('--observations', type=int, default=10_000_000)
    ap.add_argument('--org', type=int, default=101)  # København's municipality code
    ap.add_argument('--sites', type=int, default=10)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    rnd = random.Random(1)
    devices = []
    for kind, n in MIX:
        devices += [kind] * n
    rnd.shuffle(devices)
    dev_facts = [facts(k, i) for i, k in enumerate(devices)]
    macs = ['%02x:%02x:%02x:%02x:%02x:%02x' % (0x44, 0x19, 0xb6, i >> 16 & 255, i >> 8 & 255, i & 255)
            for i in range(len(devices))]
    day0 = datetime.date(2026, 3, 2)
    files = {t: open(os.path.join(a.outdir, t + '.tsv'), 'w', buffering=1 << 20)
             for t in ('survey', 'source', 'asset', 'observation')}
    written = 0
    asset_id = 0
    obs_id = 0
    day = 0
    newest = []
    while written < a.observations:
        date = day0 + datetime.timedelta(days=day)
        sid = day + 1
        ds = date.isoformat()
        files['survey'].write('%d\t%d\tcapture-%s\t%s\tnational plan bench\t%s 23:59:00+00\n'
                              % (sid, a.org, ds, ds, ds))
        for s in range(a.sites):
            src = day * a.sites + s + 1
            files['source'].write('%d\t%d\t%d\tcapture\tpcap\tinterface:eth1\t\\N\t%s 23:59:00+00\t'
                                  'interface:eth1@site%02d\t\\N\tsite%02d\n' % (src, a.org, sid, ds, s, s))
        newest = []
        for i, kind in enumerate(devices):
            asset_id += 1
            site = i % a.sites
            src = day * a.sites + site + 1
            chinese = 1
            vend = 'hikvision' if kind in CAMERA and i % 2 else ('dahua' if kind in CAMERA else 'lenovo')
            files['asset'].write(
                '%d\t%d\t%d\t%d\thardware\t%s\t\\N\t\\N\t%s\t%s\t\\N\t\\N\t\\N\t\\N\t%s\t10.%d.%d.%d\t'
                '\\N\t\\N\tsite%02d\t\\N\t\\N\t\\N\t1\t1\t1\t0\tCN\t%d\t%d\t0.9\t\\N\t\\N\t\\N\t\\N\t\\N\t'
                '\\N\t\\N\t\\N\t0\t\\N\t\\N\n'
                % (asset_id, a.org, sid, src, kind, vend, vend.capitalize(), macs[i],
                   i >> 16 & 255, i >> 8 & 255, i & 255, site, chinese, 1 if kind in CAMERA else 0))
            t0 = '%s %02d:%02d:%02d+00' % (ds, 7 + i % 3, i % 60, (i * 7) % 60)
            t1 = '%s %02d:%02d:%02d+00' % (ds, 15 + i % 3, i % 60, (i * 11) % 60)
            for m, f, v, c in dev_facts[i]:
                obs_id += 1
                written += 1
                files['observation'].write('%d\t%d\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\\N\n'
                                           % (obs_id, a.org, ds, asset_id, src, m, f, v, c, t0, t1))
            if len(newest) < 1000 and i % 37 == 0:
                newest.append(asset_id)
        day += 1
    for f in files.values():
        f.close()
    with open(os.path.join(a.outdir, 'meta.txt'), 'w') as m:
        m.write('days %d\nfirst %s\nlast %s\nnewest_survey %d\nassets %d\nobservations %d\n'
                % (day, day0.isoformat(), (day0 + datetime.timedelta(days=day - 1)).isoformat(),
                   day, asset_id, obs_id))
    with open(os.path.join(a.outdir, 'probe_assets.txt'), 'w') as p:
        for x in newest:
            p.write('%d\t%s\n' % (x, (day0 + datetime.timedelta(days=day - 1)).isoformat()))


if __name__ == '__main__':
    main()
