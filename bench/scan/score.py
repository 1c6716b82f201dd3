#!/usr/bin/env python3
"""Score one scanner's output against the lab's expectations.

  score.py EXPECT.tsv vendorscope OUT.json
  score.py EXPECT.tsv nmap OUT.xml
  score.py EXPECT.tsv arp-scan OUT.txt

Prints "found attributed" for the lab's devices: found = the tool reports
the device's address as present; attributed = what the tool says about
that address names the device's producer (vendorscope: the vendor field
equals it; nmap and arp-scan: the producer's name appears anywhere in
what they print for the host: MAC vendor, service banners, script
output). A device whose producer is unknown (the PC with an Intel NIC, the
phone with a randomised MAC) counts as attributed only if the tool names
no company for it; naming the NIC's maker is a wrong attribution.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

KEYS = {  # expected vendor (devices.tsv) -> how others spell the producer
    'Hikvision': r'hikvision', 'Dahua Technology': r'dahua', 'Xiongmai (XM)': r'xiongmai',
    'Uniview (UNV)': r'uniview|\bunv\b', 'Yealink': r'yealink', 'Huawei': r'huawei',
    'Axis Communications': r'\baxis\b', 'Bosch': r'bosch', 'Hanwha Vision (ex-Samsung Techwin)':
    r'hanwha|samsung techwin', 'HP Inc.': r'hewlett|\bhp\b',
}
# Names that, said of the PC or the phone, are a (wrong) attribution.
ANY_COMPANY = r'intel|realtek|' + '|'.join(KEYS.values())


def expect(path):
    rows = {}
    for line in open(path):
        ip, mac, profile, vendor, chinese, brand, name, note = line.rstrip('\n').split('\t')
        rows[ip] = None if vendor == '-' else vendor
    return rows


def text_hits(rows, texts):
    found = attributed = 0
    for ip, vendor in rows.items():
        if ip not in texts:
            continue
        found += 1
        t = texts[ip].lower()
        if vendor is None:
            attributed += not re.search(ANY_COMPANY, t)
        else:
            attributed += bool(re.search(KEYS[vendor], t))
    return found, attributed


def main():
    rows = expect(sys.argv[1])
    tool, out = sys.argv[2], sys.argv[3]
    if tool == 'vendorscope':
        found = attributed = 0
        seen = {}
        for line in open(out):
            o = json.loads(line)
            for ip in o['ip']:
                seen[ip] = o
        for ip, vendor in rows.items():
            if ip in seen:
                found += 1
                attributed += seen[ip]['vendor'] == vendor
    elif tool == 'nmap':
        texts = {}
        for host in ET.parse(out).getroot().iter('host'):
            st = host.find('status')
            if st is None or st.get('state') != 'up':
                continue
            ip, parts = None, []
            for a in host.iter('address'):
                if a.get('addrtype') == 'ipv4':
                    ip = a.get('addr')
                elif a.get('vendor'):
                    parts.append(a.get('vendor'))
            for s in host.iter('service'):
                parts += [s.get(k, '') for k in ('product', 'version', 'extrainfo', 'devicetype')]
            for sc in host.iter('script'):
                parts.append(sc.get('output', ''))
            texts[ip] = ' '.join(parts)
        found, attributed = text_hits(rows, texts)
    elif tool == 'arp-scan':
        texts = {}
        for line in open(out):
            f = line.rstrip('\n').split('\t')
            if len(f) >= 3 and re.match(r'\d+\.\d+\.\d+\.\d+$', f[0]):
                v = f[2]
                texts[f[0]] = '' if v.startswith('(Unknown') else v
        found, attributed = text_hits(rows, texts)
    print(found, attributed)


main()
