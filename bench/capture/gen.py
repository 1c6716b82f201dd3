#!/usr/bin/env python3
"""Write a synthetic office-and-cameras capture for the capture benchmark.

A pcap (Ethernet, microsecond timestamps) of one organisation's network:
thousands of devices on 10.0.0.0/8 behind a gateway, a DNS server, a file
server and a video management server (VMS). Every frame is built here from
the formats in ../../shared/research/protocols.md and the RFCs, with the
helpers of tests/tools/pcapgen/pcapgen.py; nothing is copied from a real
capture and nothing is ever sent.

Devices (shares of --devices, default 4000), MACs from the makers' IEEE
blocks (the registry vendorscope builds from ieee-data):
  office PCs 55%   Intel, Realtek, Dell, HP, LCFC (Lenovo) NICs; DHCP with
                   option 60 "MSFT 5.0" and host names; Windows-like SYNs
  phones 15%       randomised MACs (locally administered bit); Android DHCP,
                   iOS/Android mDNS
  cameras 18%      Hikvision, Dahua, Axis, Bosch, Hanwha, Uniview, Amcrest
                   (Dahua OUI): SADP, DHIP, WS-Discovery Hello, SSDP NOTIFY,
                   mDNS, HTTP 401 with Server/realm, DNS and TLS to their
                   vendor clouds, RTSP streams to the VMS (bulk)
  NVRs 1%          Hikvision, Dahua
  printers 4%      HP, Lexmark, Brother, Kyocera: mDNS _ipp, SSDP, HTTP Server
  IoT 7%           Xiaomi, TP-Link, Tuya (Espressif modules), Yealink phones:
                   DHCP, DNS and TLS to their clouds
Traffic: ARP, DHCP, DNS queries and answers (office names and vendor-cloud
names), mDNS, SSDP, WS-Discovery, SADP, DHIP, HTTP responses, TLS
ClientHello with SNI, and TCP bulk flows (SMB-like reads from the file
server, HTTPS downloads, RTSP-over-TCP from cameras to the VMS, camera
uploads to clouds) with SYN options, delayed ACKs and FINs. Bulk flows carry
~90% of the bytes; discovery and name traffic most of the frames' variety.

Deterministic for a given seed and size. Python 3 standard library only.

usage: gen.py OUT.pcap [--size-mb 2300] [--devices 4000] [--seed 1] [--no-bulk | --bulk-mix]

--no-bulk leaves out the bulk flows: every frame is discovery, name or
handshake traffic that a dissector reads, the small-packet worst case.
--bulk-mix is a mirror port's shape: long TCP flows (1-64 MiB, SMB-like
reads and writes and backups) between the office PCs and four file
servers carry about 90% of the frames (full-size segments and their
delayed ACKs); the same chatter fills the rest, one frame in ten.
"""
import argparse
import json
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'tests', 'tools', 'pcapgen'))
import pcapgen as pg  # noqa: E402  (eth, udp, tcp, dhcp, dns_name, sadp_match, dhip, wsd, ...)

T0 = 1772438400  # 2026-03-02T08:00:00Z, a Monday morning

GW_MAC, GW_IP = '00:1e:10:00:00:01', '10.0.0.1'      # Huawei OUI 001E10
DNS_MAC, DNS_IP = '00:50:56:00:00:02', '10.0.0.2'    # a VM
FS_MAC, FS_IP = '00:50:56:00:00:0a', '10.0.0.10'     # file server
VMS_MAC, VMS_IP = '00:50:56:00:00:14', '10.0.0.20'   # video management server
# --bulk-mix: the file and backup servers the office hosts read and write.
FILE_SERVERS = [(FS_MAC, FS_IP), ('00:50:56:00:00:0b', '10.0.0.11'), ('00:50:56:00:00:0c', '10.0.0.12'),
                ('00:50:56:00:00:0d', '10.0.0.13')]
BCAST = 'ff:ff:ff:ff:ff:ff'
MC_SSDP = '01:00:5e:7f:ff:fa'  # 239.255.255.250
MC_DHIP = '01:00:5e:7f:ff:fb'  # 239.255.255.251
MC_MDNS = '01:00:5e:00:00:fb'  # 224.0.0.251

# IEEE MA-L blocks (ieee-data 2022) per maker.
OUI = {
    'intel': ['00:12:f0', '00:13:02', '00:13:20', '00:13:ce'], 'realtek': ['00:e0:4c'],
    'dell': ['00:06:5b', '00:08:74', '00:0b:db', '00:0d:56'], 'hp': ['00:01:e6', '00:02:a5', '00:04:ea'],
    'lcfc': ['00:2b:67', '28:d2:44', '38:f3:ab', '50:7b:9d'],
    'hikvision': ['04:03:12', '08:54:11', '08:a1:89', '10:12:fb', 'c0:56:e3', 'bc:ad:28', '44:19:b6'],
    'dahua': ['08:ed:ed', '14:a7:8b', '24:52:6a', '38:af:29', '3c:ef:8c', 'e0:50:8b'],
    'amcrest': ['9c:8e:cd'], 'axis': ['00:40:8c', 'ac:cc:8e', 'b8:a4:4f'],
    'bosch': ['00:01:31', '00:04:63', '00:1c:44'], 'hanwha': ['e4:30:22', '00:09:18'],
    'uniview': ['48:ea:63', '6c:f1:7e', 'c4:79:05'],
    'lexmark': ['00:04:00', '00:21:b7'], 'brother': ['00:17:87', '00:1b:a9', '30:05:5c'],
    'kyocera': ['00:14:60', '00:17:c8', '00:1f:bd'], 'xiaomi': ['00:9e:c8', '00:c3:0a', '04:10:6b'],
    'tplink': ['00:0a:eb', '00:14:78', '00:19:e0', '50:c7:bf'], 'espressif': ['08:3a:8d', '08:3a:f2', '0c:8b:95'],
    'yealink': ['00:15:65', '24:9a:d8', '80:5e:c0'],
}

# Public peers: (name, address). Vendor-cloud names resolve into both Chinese
# and non-Chinese address space, as regional endpoints do.
CLOUDS = {
    'hikvision': [('dev.hik-connect.com', '47.96.11.20'), ('litedev.hik-connect.com', '47.96.80.5'),
                  ('ieu.hik-connect.com', '52.58.120.33'), ('apiieu.hik-connect.com', '52.58.121.9')],
    'ezviz': [('apiieu.ezvizlife.com', '18.196.10.41'), ('dev.ezviz7.com', '47.254.12.7')],
    'dahua': [('openapi-fk.easy4ip.com', '3.120.40.12'), ('p2p.easy4ipcloud.com', '47.99.20.1')],
    'amcrest': [('p2p.easy4ipcloud.com', '47.99.20.1')],
    'xiongmai': [('rs.xmeye.net', '47.91.64.10'), ('caps.xmcsrv.net', '47.91.66.3')],
    'xiaomi': [('de.ot.io.mi.com', '3.126.50.11'), ('account.xiaomi.com', '161.117.96.10')],
    'tplink': [('n-devs.tplinkcloud.com', '3.72.10.20'), ('eu-wap.tplinkcloud.com', '3.72.10.21')],
    'tuya': [('m2.tuyaeu.com', '18.185.20.30'), ('a1.tuyaeu.com', '18.185.20.31')],
    'yealink': [('rps.yealink.com', '8.209.64.2')],
}
OFFICE_NAMES = [('login.microsoftonline.com', '20.190.159.2'), ('outlook.office365.com', '52.97.146.18'),
                ('teams.microsoft.com', '52.113.194.132'), ('www.google.com', '142.250.74.36'),
                ('www.kk.dk', '193.3.142.10'), ('update.googleapis.com', '142.250.74.99'),
                ('ctldl.windowsupdate.com', '13.107.4.50'), ('www.borger.dk', '185.35.234.10')]
PHONE_NAMES = [('gsp-ssl.ls.apple.com', '17.253.53.207'), ('mtalk.google.com', '142.250.102.188'),
               ('graph.facebook.com', '157.240.201.15'), ('i.instagram.com', '157.240.201.63')]
DOWNLOADS = [('13.107.4.50', 'ctldl.windowsupdate.com'), ('142.250.74.99', 'update.googleapis.com'),
             ('52.97.146.18', 'outlook.office365.com')]

WIN_SYN = (128, 64240, b'\x02\x04\x05\xb4\x01\x03\x03\x08\x01\x01\x04\x02')  # MSS, NOP, WS 8, NOP NOP SACK
LINUX_SYN = (64, 64240, b'\x02\x04\x05\xb4\x04\x02\x08\x0a\x00\x01\x02\x03\x00\x00\x00\x00\x01\x03\x03\x07')
IOS_SYN = (64, 65535, b'\x02\x04\x05\xb4\x01\x03\x03\x06\x01\x01\x08\x0a\x00\x01\x02\x03\x00\x00\x00\x00\x04\x02\x00\x00')
SERVER_SYNACK = (64, 65160, b'\x02\x04\x05\xb4\x04\x02\x08\x0a\x00\x09\x08\x07\x00\x01\x02\x03\x01\x03\x03\x07')


def ip4b(s):
    return bytes(int(x) for x in s.split('.'))


def fold(s):
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def words(b):
    return sum(struct.unpack('!%dH' % (len(b) // 2), b))


def tcp_opts(src, sport, dst, dport, seq, ack, flags, ttl, win, opts, payload=b''):
    """A TCP segment with options (pcapgen.tcp has none: SYNs need them for p0f)."""
    opts += b'\x00' * (-len(opts) % 4)
    hl = 20 + len(opts)
    pseudo = ip4b(src) + ip4b(dst) + struct.pack('!BBH', 0, 6, hl + len(payload))
    h = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, (hl // 4) << 4, flags, win, 0, 0) + opts
    c = pg.csum(pseudo + h + payload)
    return pg.ipv4(src, dst, 6, h[:16] + struct.pack('!H', c) + h[18:] + payload, ttl=ttl)


class Dev:
    __slots__ = ('kind', 'maker', 'mac', 'ip', 'name', 'model', 'serial', 'syn', 'episodes')

    def __init__(self, kind, maker, mac, ip):
        self.kind, self.maker, self.mac, self.ip = kind, maker, mac, ip
        self.name = self.model = self.serial = ''
        self.syn = LINUX_SYN
        self.episodes = []


class Gen:
    def __init__(self, seed, n_devices):
        self.r = random.Random(seed)
        self.dns_id = 1
        self.devices = []
        self.make_devices(n_devices)

    # ---- devices ---------------------------------------------------------
    def mac_in(self, maker):
        oui = self.r.choice(OUI[maker])
        return oui + ':%02x:%02x:%02x' % (self.r.randrange(256), self.r.randrange(256), self.r.randrange(256))

    def random_mac(self):
        b = [self.r.randrange(256) for _ in range(6)]
        b[0] = (b[0] | 0x02) & 0xfe  # locally administered, unicast: a randomised MAC
        return ':'.join('%02x' % x for x in b)

    def make_devices(self, n):
        r = self.r
        plan = [('pc', 0.55), ('phone', 0.15), ('camera', 0.18), ('nvr', 0.01), ('printer', 0.04), ('iot', 0.07)]
        used_ips = set()
        for kind, share in plan:
            for i in range(max(1, int(n * share))):
                while True:
                    ip = '10.%d.%d.%d' % (r.randrange(1, 40), r.randrange(0, 256), r.randrange(2, 255))
                    if ip not in used_ips:
                        used_ips.add(ip)
                        break
                self.devices.append(self.make(kind, i, ip))
        for d in self.devices:
            self.build_episodes(d)

    def make(self, kind, i, ip):
        r = self.r
        if kind == 'pc':
            maker = r.choice(['intel', 'intel', 'realtek', 'dell', 'hp', 'lcfc'])
            d = Dev(kind, maker, self.mac_in(maker), ip)
            d.name = 'KK-%s-%05d' % (r.choice(['PC', 'LT', 'WS']), i)
            d.syn = WIN_SYN
        elif kind == 'phone':
            d = Dev(kind, r.choice(['android', 'ios']), self.random_mac(), ip)
            d.name = 'Galaxy-S23' if d.maker == 'android' else 'iPhone'
            d.syn = LINUX_SYN if d.maker == 'android' else IOS_SYN
        elif kind in ('camera', 'nvr'):
            choices = (['hikvision'] * 5 + ['dahua'] * 4 + ['axis'] * 3 + ['bosch', 'hanwha', 'uniview', 'amcrest']
                       if kind == 'camera' else ['hikvision', 'dahua'])
            maker = r.choice(choices)
            d = Dev(kind, maker, self.mac_in(maker), ip)
            d.model = {
                'hikvision': r.choice(['DS-2CD2143G2-I', 'DS-2CD2387G2-LU', 'DS-2DE4425IW-DE'])
                if kind == 'camera' else 'DS-7608NI-K2',
                'dahua': r.choice(['IPC-HFW2431S-S-S2', 'IPC-HDW3441T-ZAS']) if kind == 'camera' else 'NVR4108HS-4KS2',
                'amcrest': 'IP8M-2496EB', 'axis': r.choice(['P3245-LV', 'M3106-L-Mk-II']),
                'bosch': 'FLEXIDOME-IP-5000i', 'hanwha': 'XNV-6081', 'uniview': 'IPC2124LB-SF28KM-G',
            }[maker]
            d.serial = '%s%08d' % (d.model.replace('-', '')[:10], r.randrange(10 ** 8))
        elif kind == 'printer':
            maker = r.choice(['hp', 'hp', 'lexmark', 'brother', 'kyocera'])
            d = Dev(kind, maker, self.mac_in(maker), ip)
            d.model = {'hp': 'HP Color LaserJet MFP M479fdw', 'lexmark': 'Lexmark MX521ade',
                       'brother': 'Brother MFC-L8900CDW', 'kyocera': 'ECOSYS M3655idn'}[maker]
            d.name = '%s%06X' % (maker.upper()[:3], r.randrange(1 << 24))
        else:
            maker = r.choice(['xiaomi', 'tplink', 'espressif', 'yealink'])
            d = Dev(kind, maker, self.mac_in(maker), ip)
            d.name = {'xiaomi': 'xiaomi-plug', 'tplink': 'HS110(EU)', 'espressif': 'ESP_%06X' % r.randrange(1 << 24),
                      'yealink': 'SIP-T46S'}[maker]
        return d

    # ---- episodes: a device's frames for one exchange, built once ---------
    def handshake(self, d, dst_mac, dst, dport, sport, payload_out, payload_back=b''):
        ttl, win, opts = d.syn
        isn, risn = self.r.randrange(1 << 32), self.r.randrange(1 << 32)
        f = [pg.eth(dst_mac, d.mac, 0x0800, tcp_opts(d.ip, sport, dst, dport, isn, 0, 0x02, ttl, win, opts)),
             pg.eth(d.mac, dst_mac, 0x0800, tcp_opts(dst, dport, d.ip, sport, risn, isn + 1, 0x12, *SERVER_SYNACK)),
             pg.eth(dst_mac, d.mac, 0x0800, pg.tcp(d.ip, sport, dst, dport, b'', isn + 1, risn + 1, 0x10))]
        if payload_out:
            f.append(pg.eth(dst_mac, d.mac, 0x0800, pg.tcp(d.ip, sport, dst, dport, payload_out, isn + 1, risn + 1)))
        if payload_back:
            f.append(pg.eth(d.mac, dst_mac, 0x0800, pg.tcp(dst, dport, d.ip, sport, payload_back, risn + 1,
                                                          isn + 1 + len(payload_out))))
        return f

    def dns(self, d, name, addr):
        i = self.dns_id = (self.dns_id + 7919) & 0xffff
        q = struct.pack('!HHHHHH', i, 0x0100, 1, 0, 0, 0) + pg.dns_name(name) + struct.pack('!HH', 1, 1)
        a = (struct.pack('!HHHHHH', i, 0x8180, 1, 1, 0, 0) + pg.dns_name(name) + struct.pack('!HH', 1, 1)
             + b'\xc0\x0c' + struct.pack('!HHIH', 1, 1, 300, 4) + ip4b(addr))
        sport = self.r.randrange(49152, 65536)
        return [pg.eth(DNS_MAC, d.mac, 0x0800, pg.udp(d.ip, sport, DNS_IP, 53, q)),
                pg.eth(d.mac, DNS_MAC, 0x0800, pg.udp(DNS_IP, 53, d.ip, sport, a))]

    def tls(self, d, name, addr):
        return self.handshake(d, GW_MAC, addr, 443, self.r.randrange(49152, 65536), pg.tls_client_hello(name))

    def dhcp(self, d):
        opts = pg.opt(53, b'\x03') + pg.opt(61, b'\x01' + pg.mac(d.mac)) + pg.opt(50, ip4b(d.ip))
        if d.name:
            opts += pg.opt(12, d.name.encode())
        vc = {'pc': b'MSFT 5.0', 'phone': b'android-dhcp-14' if d.maker == 'android' else b''}.get(d.kind, b'')
        if d.kind in ('camera', 'nvr', 'iot') and d.maker != 'yealink':
            vc = b'udhcp 1.20.2'
        if d.maker == 'yealink':
            vc = b'yealink'
        if vc:
            opts += pg.opt(60, vc)
        opts += pg.opt(55, bytes([1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252]))
        xid = self.r.randrange(1 << 32)
        ack = pg.opt(53, b'\x05') + pg.opt(54, ip4b(GW_IP)) + pg.opt(51, struct.pack('!I', 86400)) + \
            pg.opt(1, ip4b('255.0.0.0')) + pg.opt(3, ip4b(GW_IP)) + pg.opt(6, ip4b(DNS_IP))
        reply = pg.dhcp(2, xid, d.mac, ack)
        reply = reply[:16] + ip4b(d.ip) + reply[20:]  # yiaddr
        return [pg.eth(BCAST, d.mac, 0x0800, pg.udp('0.0.0.0', 68, '255.255.255.255', 67, pg.dhcp(1, xid, d.mac, opts))),
                pg.eth(d.mac, GW_MAC, 0x0800, pg.udp(GW_IP, 67, d.ip, 68, reply))]

    def arp(self, d):
        req = struct.pack('!HHBBH', 1, 0x0800, 6, 4, 1) + pg.mac(d.mac) + ip4b(d.ip) + bytes(6) + ip4b(GW_IP)
        rep = struct.pack('!HHBBH', 1, 0x0800, 6, 4, 2) + pg.mac(GW_MAC) + ip4b(GW_IP) + pg.mac(d.mac) + ip4b(d.ip)
        return [pg.eth(BCAST, d.mac, 0x0806, req), pg.eth(d.mac, GW_MAC, 0x0806, rep)]

    def mdns(self, d, service, instance):
        full = '%s.%s.local' % (instance, service)
        rdata = pg.dns_name(full)
        msg = (struct.pack('!HHHHHH', 0, 0x8400, 0, 1, 0, 0) + pg.dns_name(service + '.local')
               + struct.pack('!HHIH', 12, 1, 4500, len(rdata)) + rdata)
        return [pg.eth(MC_MDNS, d.mac, 0x0800, pg.udp(d.ip, 5353, '224.0.0.251', 5353, msg))]

    def ssdp(self, d, server):
        body = ('NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\n'
                'LOCATION: http://%s:49152/rootdesc.xml\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n'
                'SERVER: %s\r\nUSN: uuid:%s::upnp:rootdevice\r\n\r\n'
                % (d.ip, server, d.mac.replace(':', ''))).encode()
        return [pg.eth(MC_SSDP, d.mac, 0x0800, pg.udp(d.ip, 1900, '239.255.255.250', 1900, body))]

    def wsd_hello(self, d, name):
        uuid = '5f1f0000-0000-0000-0000-' + d.mac.replace(':', '')
        body = pg.wsd('Hello', '<d:Hello>' + pg.wsd_match(uuid, [
            'onvif://www.onvif.org/type/video_encoder', 'onvif://www.onvif.org/hardware/' + d.model,
            'onvif://www.onvif.org/name/' + name, 'onvif://www.onvif.org/location/'],
            'http://%s/onvif/device_service' % d.ip) + '</d:Hello>')
        return [pg.eth(MC_SSDP, d.mac, 0x0800, pg.udp(d.ip, 3702, '239.255.255.250', 3702, body))]

    def sadp(self, d):
        probe = ('<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>%08X-0000-4000-8000-000000000000</Uuid>'
                 '<Types>inquiry</Types></Probe>' % self.r.randrange(1 << 32)).encode()
        match = pg.sadp_match([
            ('Uuid', '6D2F9A41-0000-4B1C-8C1E-' + d.mac.replace(':', '').upper()), ('Types', 'inquiry'),
            ('DeviceType', '136'), ('DeviceDescription', d.model), ('DeviceSN', d.serial + '20230412AAWR'),
            ('CommandPort', '8000'), ('HttpPort', '80'), ('MAC', d.mac.replace(':', '-')),
            ('IPv4Address', d.ip), ('IPv4SubnetMask', '255.0.0.0'), ('IPv4Gateway', GW_IP),
            ('SoftwareVersion', 'V5.7.3build 220112'), ('DSPVersion', 'V7.3 build 220112'), ('Activated', 'true')])
        return [pg.eth(MC_SSDP, VMS_MAC, 0x0800, pg.udp(VMS_IP, 37020, '239.255.255.250', 37020, probe)),
                pg.eth(MC_SSDP, d.mac, 0x0800, pg.udp(d.ip, 37020, '239.255.255.250', 37020, match))]

    def dhip(self, d):
        search = pg.dhip({'method': 'DHDiscover.search', 'params': {'mac': '', 'uni': 1}})
        vendor = 'Amcrest' if d.maker == 'amcrest' else 'General'
        notify = pg.dhip({'method': 'client.notifyDevInfo', 'params': {'mac': d.mac, 'deviceInfo': {
            'DeviceClass': 'IPC' if d.kind == 'camera' else 'NVR', 'DeviceType': d.model, 'SerialNo': d.serial,
            'MachineName': d.serial, 'Vendor': vendor, 'Manufacturer': 'Dahua', 'Version': '2.800.0000000.21.R',
            'HttpPort': 80, 'Port': 37777, 'IPv4Address': {'IPAddress': d.ip, 'SubnetMask': '255.0.0.0',
                                                             'DefaultGateway': GW_IP, 'DhcpEnable': True}}}})
        return [pg.eth(MC_DHIP, VMS_MAC, 0x0800, pg.udp(VMS_IP, 37810, '239.255.255.251', 37810, search)),
                pg.eth(MC_DHIP, d.mac, 0x0800, pg.udp(d.ip, 37810, '239.255.255.251', 37810, notify))]

    def http_probe(self, d, response):
        """The VMS asks the device's web server for /; the device answers."""
        ttl, win, opts = LINUX_SYN
        sport = self.r.randrange(49152, 65536)
        isn, risn = self.r.randrange(1 << 32), self.r.randrange(1 << 32)
        get = ('GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: vms-health/2.1\r\n\r\n' % d.ip).encode()
        return [pg.eth(d.mac, VMS_MAC, 0x0800, tcp_opts(VMS_IP, sport, d.ip, 80, isn, 0, 0x02, ttl, win, opts)),
                pg.eth(VMS_MAC, d.mac, 0x0800, tcp_opts(d.ip, 80, VMS_IP, sport, risn, isn + 1, 0x12, *SERVER_SYNACK)),
                pg.eth(d.mac, VMS_MAC, 0x0800, pg.tcp(VMS_IP, sport, d.ip, 80, get, isn + 1, risn + 1)),
                pg.eth(VMS_MAC, d.mac, 0x0800, pg.tcp(d.ip, 80, VMS_IP, sport, response, risn + 1, isn + 1 + len(get)))]

    def build_episodes(self, d):
        r, ep = self.r, d.episodes
        ep.append(self.dhcp(d))
        ep.append(self.arp(d))
        if d.kind == 'pc':
            for name, addr in r.sample(OFFICE_NAMES, 3):
                ep.append(self.dns(d, name, addr))
                ep.append(self.tls(d, name, addr))
        elif d.kind == 'phone':
            for name, addr in r.sample(PHONE_NAMES, 2):
                ep.append(self.dns(d, name, addr))
                ep.append(self.tls(d, name, addr))
            ep.append(self.mdns(d, '_companion-link._tcp' if d.maker == 'ios' else '_googlecast._tcp',
                                'Phone-%04x' % r.randrange(1 << 16)))
        elif d.kind in ('camera', 'nvr'):
            m = d.maker
            cloud = CLOUDS.get(m, [])
            if m == 'hikvision':
                cloud = cloud + CLOUDS['ezviz']
                ep.append(self.sadp(d))
                ep.append(self.mdns(d, '_CGI._tcp', 'HIKVISION %s - %s' % (d.model, d.serial[-9:])))
                ep.append(self.ssdp(d, 'Linux/3.0, UPnP/1.0, DVRDVS-Webs'))
                ep.append(self.http_probe(d, b'HTTP/1.1 401 Unauthorized\r\nServer: App-webs/\r\nContent-Length: 0\r\n'
                                             b'WWW-Authenticate: Digest qop="auth", realm="IP Camera(C2183)", '
                                             b'nonce="4e5a", stale="FALSE"\r\n\r\n'))
            elif m in ('dahua', 'amcrest'):
                ep.append(self.dhip(d))
                ep.append(self.http_probe(d, ('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="Login to %s", '
                                              'qop="auth", nonce="9f1c"\r\nContent-Length: 0\r\n\r\n' % d.serial).encode()))
            elif m == 'axis':
                ep.append(self.ssdp(d, 'Linux/4.14, UPnP/1.0, AXIS %s/10.12.153' % d.model))
                ep.append(self.http_probe(d, b'HTTP/1.1 401 Unauthorized\r\nServer: Apache/2.4.57 (Unix)\r\n'
                                             b'WWW-Authenticate: Digest realm="AXIS_ACCC8E010203"\r\nContent-Length: 0\r\n\r\n'))
            else:
                ep.append(self.http_probe(d, b'HTTP/1.1 401 Unauthorized\r\nServer: lighttpd/1.4.59\r\n'
                                             b'WWW-Authenticate: Basic realm="IPCamera"\r\nContent-Length: 0\r\n\r\n'))
            ep.append(self.wsd_hello(d, {'amcrest': 'Amcrest', 'hikvision': 'HIKVISION', 'dahua': 'Dahua',
                                         'axis': 'AXIS', 'bosch': 'Bosch', 'hanwha': 'Hanwha',
                                         'uniview': 'UNIVIEW'}[m]))
            for name, addr in cloud[:3]:
                ep.append(self.dns(d, name, addr))
                ep.append(self.tls(d, name, addr))
        elif d.kind == 'printer':
            ep.append(self.mdns(d, '_ipp._tcp', d.model))
            ep.append(self.ssdp(d, 'HP HTTP Server; %s; UPnP/1.0' % d.model if d.maker == 'hp'
                                else 'Linux/4.9, UPnP/1.0, %s' % d.model))
            ep.append(self.http_probe(d, ('HTTP/1.1 200 OK\r\nServer: %s\r\nContent-Type: text/html\r\n'
                                          'Content-Length: 0\r\n\r\n' % (
                                              'HP HTTP Server; ' + d.model if d.maker == 'hp' else 'KM-MFP-http/V0.0.1'
                                              if d.maker == 'kyocera' else 'debut/1.30' if d.maker == 'brother'
                                              else 'Lexmark_Web_Server')).encode()))
        else:
            cloud = CLOUDS.get({'espressif': 'tuya'}.get(d.maker, d.maker), [])
            for name, addr in cloud:
                ep.append(self.dns(d, name, addr))
                ep.append(self.tls(d, name, addr))


class Bulk:
    """TCP bulk transfer frames with checksums from precomputed partial sums:
    the payload is one of a few 1460-byte blocks, so a segment costs a few
    integer additions and two struct.pack calls instead of a byte loop."""
    MSS = 1460

    def __init__(self, r):
        self.blocks = []
        for k in range(32):
            b = bytes(r.getrandbits(8) for _ in range(self.MSS))
            if k % 4 == 0:  # some look like TLS application data records
                b = b'\x17\x03\x03' + struct.pack('!H', self.MSS - 5) + b[5:]
            self.blocks.append((b, words(b)))

    def flow(self, r, src_mac, src, sport, dst_mac, dst, dport, nbytes, syn, emit, clock, upload=False):
        """nbytes sent src -> dst over one connection. The receiver dst opens it
        (a download: syn is its SYN's TTL, window and options), or with upload
        the sender src does (syn is the sender's)."""
        ttl, win, opts = syn
        cisn, sisn = r.randrange(1 << 32), r.randrange(1 << 32)
        t = clock
        if upload:
            hs = (pg.eth(dst_mac, src_mac, 0x0800, tcp_opts(src, sport, dst, dport, sisn, 0, 0x02, ttl, win, opts)),
                  pg.eth(src_mac, dst_mac, 0x0800, tcp_opts(dst, dport, src, sport, cisn, sisn + 1, 0x12, *SERVER_SYNACK)),
                  pg.eth(dst_mac, src_mac, 0x0800, pg.tcp(src, sport, dst, dport, b'', sisn + 1, cisn + 1, 0x10)))
            ttl = 64  # the receiver's ACKs: a server's TTL
        else:
            hs = (pg.eth(src_mac, dst_mac, 0x0800, tcp_opts(dst, dport, src, sport, cisn, 0, 0x02, ttl, win, opts)),
                  pg.eth(dst_mac, src_mac, 0x0800, tcp_opts(src, sport, dst, dport, sisn, cisn + 1, 0x12, *SERVER_SYNACK)),
                  pg.eth(src_mac, dst_mac, 0x0800, pg.tcp(dst, dport, src, sport, b'', cisn + 1, sisn + 1, 0x10)))
        for f in hs:
            t += 200
            emit(t, f)
        s_eth = pg.mac(dst_mac) + pg.mac(src_mac) + b'\x08\x00'
        c_eth = pg.mac(src_mac) + pg.mac(dst_mac) + b'\x08\x00'
        sb, db = ip4b(src), ip4b(dst)
        s_ip_base = 0x4500 + 20 + 20 + self.MSS + 0x4000 + (64 << 8 | 6) + words(sb + db)
        c_ip_base = 0x4500 + 40 + 0x4000 + (ttl << 8 | 6) + words(db + sb)
        s_pseudo = words(sb + db) + 6 + 20 + self.MSS + sport + dport + (0x50 << 8 | 0x10) + 502
        c_pseudo = words(db + sb) + 6 + 20 + dport + sport + (0x50 << 8 | 0x10) + 1024
        seq, ack = sisn + 1, cisn + 1
        ident = r.randrange(1 << 16)
        cid = r.randrange(1 << 16)
        blocks = self.blocks
        pack_ip = struct.Struct('!HHHHBBH').pack
        pack_tcp = struct.Struct('!HHIIBBHHH').pack
        n = max(1, nbytes // self.MSS)
        step = r.choice((12, 12, 14, 20))  # microseconds between segments: ~1 Gbit/s
        for i in range(n):
            payload, psum = blocks[(i + ident) & 31]
            seq &= 0xffffffff
            ident = (ident + 1) & 0xffff
            ipc = fold(s_ip_base + ident)
            tc = fold(s_pseudo + (seq >> 16) + (seq & 0xffff) + (ack >> 16) + (ack & 0xffff) + psum)
            t += step
            emit(t, s_eth + pack_ip(0x4500, 40 + self.MSS, ident, 0x4000, 64, 6, ipc) + sb + db
                 + pack_tcp(sport, dport, seq, ack, 0x50, 0x10, 502, tc, 0) + payload)
            seq += self.MSS
            if i & 1:  # delayed ACK: one for every second segment
                a = seq & 0xffffffff
                cid = (cid + 1) & 0xffff
                ipc = fold(c_ip_base + cid)
                tc = fold(c_pseudo + (ack >> 16) + (ack & 0xffff) + (a >> 16) + (a & 0xffff))
                t += 2
                emit(t, c_eth + pack_ip(0x4500, 40, cid, 0x4000, ttl, 6, ipc) + db + sb
                     + pack_tcp(dport, sport, ack, a, 0x50, 0x10, 1024, tc, 0) + b'\0' * 6)
        seq &= 0xffffffff
        t += 100
        emit(t, pg.eth(dst_mac, src_mac, 0x0800, pg.tcp(src, sport, dst, dport, b'', seq, ack, 0x11)))
        t += 100
        emit(t, pg.eth(src_mac, dst_mac, 0x0800, pg.tcp(dst, dport, src, sport, b'', ack, (seq + 1) & 0xffffffff, 0x11)))
        return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('out')
    ap.add_argument('--size-mb', type=int, default=2300, help='stop once the file reaches this size (10^6 bytes)')
    ap.add_argument('--devices', type=int, default=4000)
    ap.add_argument('--seed', type=int, default=1)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument('--no-bulk', action='store_true',
                      help='chatter only (discovery, names, handshakes): every frame is one a dissector reads')
    mode.add_argument('--bulk-mix', action='store_true',
                      help='a mirror port: ~90%% of the frames are long file-server flows, the rest chatter')
    a = ap.parse_args()
    g = Gen(a.seed, a.devices)
    r = g.r
    bulk = Bulk(r)
    target = a.size_mb * 1000000
    written = 24
    frames = 0
    buf = []
    pack_rec = struct.Struct('<IIII').pack
    clock = [0]  # microseconds since T0

    with open(a.out + '.tmp', 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))

        def emit(t, frame):
            nonlocal written, frames
            if t <= clock[0]:
                t = clock[0] + 1
            clock[0] = t
            n = len(frame)
            buf.append(pack_rec(T0 + t // 1000000, t % 1000000, n, n))
            buf.append(frame)
            written += 16 + n
            frames += 1
            if len(buf) >= 20000:
                f.write(b''.join(buf))
                buf.clear()

        def chatter(d, ep):
            t = clock[0] + r.randrange(50, 3000)
            for fr in ep:
                t += r.randrange(100, 900)
                emit(t, fr)

        # Morning: every device joins once (DHCP, ARP, its discovery and cloud traffic).
        order = list(g.devices)
        r.shuffle(order)
        for d in order:
            for ep in d.episodes:
                chatter(d, ep)
        pcs = [d for d in g.devices if d.kind == 'pc']
        cams = [d for d in g.devices if d.kind == 'camera']
        talkers = [d for d in g.devices if d.kind != 'pc']
        # --bulk-mix: long flows to and from the file servers, each followed
        # by chatter until it is a ninth of the flow's frames.
        while a.bulk_mix and written < target:
            pc = r.choice(pcs)
            fs_mac, fs_ip = r.choice(FILE_SERVERS)
            size = int(2 ** r.uniform(20, 26))  # 1 MiB .. 64 MiB, log-uniform
            before = frames
            if r.random() < 0.5:  # a read: the server sends, the PC opened it
                clock[0] = bulk.flow(r, fs_mac, fs_ip, 445, pc.mac, pc.ip, r.randrange(49152, 65536), size,
                                     pc.syn, emit, clock[0])
            else:  # a write or a backup: the PC sends
                clock[0] = bulk.flow(r, pc.mac, pc.ip, r.randrange(49152, 65536), fs_mac, fs_ip, 445, size,
                                     pc.syn, emit, clock[0], upload=True)
            quota = frames + (frames - before) // 9
            while frames < quota:
                d = r.choice(talkers if r.random() < 0.5 else g.devices)
                chatter(d, r.choice(d.episodes))
        # The day: bulk flows, each followed by a few hundred chatter episodes.
        while written < target:
            kind = 2.0 if a.no_bulk else r.random()
            size = int(2 ** r.uniform(15, 23))  # 32 KiB .. 8 MiB, log-uniform
            if kind > 1.0:
                pass  # --no-bulk: the chatter below only
            elif kind < 0.35:
                pc = r.choice(pcs)
                clock[0] = bulk.flow(r, FS_MAC, FS_IP, 445, pc.mac, pc.ip, r.randrange(49152, 65536), size,
                                     pc.syn, emit, clock[0])
            elif kind < 0.6:
                pc = r.choice(pcs)
                addr, _ = r.choice(DOWNLOADS)
                clock[0] = bulk.flow(r, GW_MAC, addr, 443, pc.mac, pc.ip, r.randrange(49152, 65536), size,
                                     pc.syn, emit, clock[0])
            elif kind < 0.9:
                cam = r.choice(cams)  # RTSP interleaved over TCP to the VMS: the camera sends
                clock[0] = bulk.flow(r, cam.mac, cam.ip, 554, VMS_MAC, VMS_IP, r.randrange(49152, 65536), size,
                                     LINUX_SYN, emit, clock[0])
            else:
                cam = r.choice(cams)  # a camera uploading to its cloud: the cloud end is the receiver
                clouds = CLOUDS.get(cam.maker) or CLOUDS['hikvision']
                _, addr = r.choice(clouds)
                clock[0] = bulk.flow(r, cam.mac, cam.ip, r.randrange(49152, 65536), GW_MAC, addr, 443,
                                     size // 4, LINUX_SYN, emit, clock[0], upload=True)
            for _ in range(r.randrange(50, 350)):
                d = r.choice(talkers if r.random() < 0.5 else g.devices)
                chatter(d, r.choice(d.episodes))
        f.write(b''.join(buf))
    os.replace(a.out + '.tmp', a.out)
    sys.stderr.write('%s: %d frames, %d bytes, %d devices, %.0f s of traffic\n'
                     % (a.out, frames, written, len(g.devices), clock[0] / 1e6))


if __name__ == '__main__':
    main()
