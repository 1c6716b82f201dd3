#!/usr/bin/env python3
"""An nmap -oX file of N hosts, shaped as nmap 7.93 writes a service scan of
the lab (tests/fixtures/devices/nmap-sV.xml): per host an address, a MAC
from a real vendor block with nmap's vendor guess, two or three open ports
with service product/version/CPE and the http-server-header / http-title
scripts. Deterministic: host i is always the same.

    gen_nmap.py N > hosts.xml
"""
import sys

VENDORS = [
    ('44:19:B6', 'Hangzhou Hikvision Digital Technology', 'App-webs/', None),
    ('3C:EF:8C', 'Zhejiang Dahua Technology', 'Webs', 'WEB SERVICE'),
    ('00:12:41', 'a2i marketing center', 'uc-httpd 1.0.0', 'NETSurveillance WEB'),
    ('AC:CC:8E', 'Axis Communications AB', 'Apache', None),
    ('00:1B:21', 'Intel Corporate', None, None),
    ('3C:D9:2B', 'Hewlett Packard', 'HP HTTP Server; HP LaserJet Pro M404dn - W1A53A',
     'HP LaserJet Pro M404dn'),
]


def host(i, out):
    prefix, vendor, server, title = VENDORS[i % len(VENDORS)]
    ip = '10.%d.%d.%d' % (i >> 16 & 255, i >> 8 & 255, i & 255)
    mac = '%s:%02X:%02X:%02X' % (prefix, i >> 16 & 255, i >> 8 & 255, i & 255)
    w = out.write
    w('<host starttime="1796527672" endtime="1796527790"><status state="up" reason="arp-response" '
      'reason_ttl="0"/>\n')
    w('<address addr="%s" addrtype="ipv4"/>\n' % ip)
    w('<address addr="%s" addrtype="mac" vendor="%s"/>\n' % (mac, vendor))
    w('<hostnames>\n</hostnames>\n<ports>'
      '<extraports state="closed" count="4">\n<extrareasons reason="reset" count="4" proto="tcp" '
      'ports="443,8000,37777,49152"/>\n</extraports>\n')
    if server:
        w('<port protocol="tcp" portid="80"><state state="open" reason="syn-ack" reason_ttl="64"/>'
          '<service name="http" product="%s" method="probed" conf="10"><cpe>cpe:/a:example:httpd'
          '</cpe></service><script id="http-server-header" output="%s"><elem>%s</elem></script>'
          % (server, server, server))
        if title:
            w('<script id="http-title" output="%s"><elem key="title">%s</elem></script>'
              % (title, title))
        w('</port>\n')
    w('<port protocol="tcp" portid="554"><state state="open" reason="syn-ack" reason_ttl="64"/>'
      '<service name="rtsp" method="probed" conf="10"/></port>\n')
    w('</ports>\n<times srtt="64" rttvar="3753" to="100000"/>\n</host>\n')


def main():
    n = int(sys.argv[1])
    out = sys.stdout
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n'
              '<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>\n'
              '<nmaprun scanner="nmap" args="nmap -sV -oX hosts.xml 10.0.0.0/8" start="1796527672" '
              'version="7.93" xmloutputversion="1.05">\n'
              '<scaninfo type="syn" protocol="tcp" numservices="6" services="80,443,554,8000,37777,49152"/>\n'
              '<verbose level="0"/>\n<debugging level="0"/>\n')
    for i in range(n):
        host(i, out)
    out.write('<runstats><finished time="1796527790" timestr="Sun Dec  6 03:29:50 2026" '
              'summary="Nmap done" elapsed="118.00" exit="success"/><hosts up="%d" down="0" '
              'total="%d"/>\n</runstats>\n</nmaprun>\n' % (n, n))


main()
