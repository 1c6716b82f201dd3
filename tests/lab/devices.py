#!/usr/bin/env python3
"""Emulated devices for the scan lab: one process serving every device.

Each device lives in its own network namespace (made by lab.sh). This
process enters each namespace in turn (setns(2) through ctypes: Python
3.11's os module has no setns), opens that device's sockets there, and
returns; a socket stays in the namespace it was made in. One selector loop
then answers for all of them, so a lab of 250 devices costs one process.

The replies are built from the documented formats with the builders of
tests/tools/pcapgen/pcapgen.py (SADP, DHIP, XMeye, WS-Discovery, BER),
the same layouts the dissectors in src/proto/ read; nothing is copied from
a real device. What each device answers, and on which ports, is in
PROFILES: per vendor, the protocols and banners its firmware is documented
to expose without a login (see ../shared/research/protocols.md).

Usage: devices.py SPEC.tsv READY_FILE
  SPEC.tsv: netns<TAB>profile<TAB>ip<TAB>mac<TAB>index per line.
  READY_FILE is written once every socket is open; the process runs until
  it is killed (lab.sh does, on exit).
"""
import ctypes
import json
import os
import selectors
import socket
import ssl
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tools', 'pcapgen'))
import pcapgen  # noqa: E402  (the fixture builders: one description of each format)

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), 'setns %s' % path)
    finally:
        os.close(fd)


# ---- per-vendor replies ------------------------------------------------

def serial_of(dev, prefix):
    return '%s%08d' % (prefix, 10000000 + dev['index'])


def hik_sadp(dev, model, oem=None, nvr=False):
    fields = [('Uuid', '6D2F9A41-0000-4B1C-8C1E-%s' % dev['mac'].replace(':', '').upper()),
              ('Types', 'inquiry'), ('DeviceType', '30' if nvr else '136'),
              ('DeviceDescription', model),
              ('DeviceSN', '%s20230412AAWR%s' % (model, serial_of(dev, 'J'))),
              ('CommandPort', '8000'), ('HttpPort', '80'), ('MAC', dev['mac'].replace(':', '-')),
              ('IPv4Address', dev['ip']), ('IPv4SubnetMask', '255.255.255.0'),
              ('IPv4Gateway', '10.253.0.1'), ('SoftwareVersion', 'V5.7.3build 220112'),
              ('DSPVersion', 'V7.3 build 220112'), ('Activated', 'true')]
    if oem:
        fields.append(('OEMInfo', oem))
    return pcapgen.sadp_match(fields)


def dahua_info(dev, model, vendor, serial):
    return {'DeviceClass': 'IPC', 'DeviceType': model, 'SerialNo': serial, 'MachineName': serial,
            'Vendor': vendor, 'Manufacturer': 'Private' if vendor != 'General' else 'Dahua',
            'Version': '2.800.0000000.21.R', 'HttpPort': 80, 'Port': 37777,
            'IPv4Address': {'IPAddress': dev['ip'], 'SubnetMask': '255.255.255.0',
                            'DefaultGateway': '10.253.0.1', 'DhcpEnable': False}}


def dhip_reply(dev, info):
    return pcapgen.dhip({'method': 'client.notifyDevInfo',
                         'params': {'mac': dev['mac'], 'deviceInfo': info}})


def dhip5050_reply(dev, model, serial):
    """The older Dahua search reply (UDP 5050): 120-byte section 1, the MAC
    and model as text, then Key:Value lines (src/proto/dhip.c)."""
    s2 = (dev['mac'] + model).encode()
    s3 = ('SerialNo:%s\r\nVersion:2.800.0000000.21.R\r\n' % serial).encode()
    h = bytearray(0x78)
    h[0] = 0xb3
    h[2] = len(s2)
    h[0x14:0x16] = struct.pack('<H', len(s3))
    h[0x28:0x38] = b'IPC'.ljust(16, b'\0')
    h[0x38:0x3c] = socket.inet_aton(dev['ip'])
    h[0x3c:0x40] = socket.inet_aton('255.255.255.0')
    return bytes(h) + s2 + s3


def xm_reply(dev):
    ip = socket.inet_aton(dev['ip'])
    host_ip = '0x%08X' % struct.unpack('<I', ip)[0]
    body = json.dumps({'NetWork.NetCommon': {
        'HostIP': host_ip, 'HostName': 'LocalHost', 'MAC': dev['mac'], 'SN': 'f1e2d3c4b5a6%04x' % dev['index'],
        'DeviceType': 'DVR', 'TCPPort': 34567, 'HttpPort': 80,
        'Version': 'V4.02.R11.A6380140.10001.131900.00000'}, 'Ret': 100,
        'SessionID': '0x00000000'}).encode() + b'\0'
    return pcapgen.xm(1531, body)


def wsd_reply(dev, name, hardware, types='dn:NetworkVideoTransmitter', extra=()):
    scopes = ['onvif://www.onvif.org/type/video_encoder']
    if name:
        scopes.append('onvif://www.onvif.org/name/%s' % name)
    if hardware:
        scopes.append('onvif://www.onvif.org/hardware/%s' % hardware)
    scopes += list(extra)
    uuid = '5f1f0000-0000-0000-0000-%s' % dev['mac'].replace(':', '')
    body = pcapgen.wsd_match(uuid, scopes, 'http://%s/onvif/device_service' % dev['ip'])
    body = body.replace('dn:NetworkVideoTransmitter', types)
    return pcapgen.wsd('ProbeMatches', '<d:ProbeMatches><d:ProbeMatch>' + body
                       + '</d:ProbeMatch></d:ProbeMatches>')


def ssdp_reply(dev, server):
    return ('HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n'
            'LOCATION: http://%s:49152/rootdesc1.xml\r\nSERVER: %s\r\nST: upnp:rootdevice\r\n'
            'USN: uuid:Upnp-BasicDevice-1_0-%s::upnp:rootdevice\r\n\r\n'
            % (dev['ip'], server, dev['mac'].replace(':', '').upper())).encode()


def upnp_desc(manufacturer, model, serial, name):
    return ('<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0">'
            '<specVersion><major>1</major><minor>0</minor></specVersion><device>'
            '<deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType>'
            '<friendlyName>%s</friendlyName><manufacturer>%s</manufacturer>'
            '<modelName>%s</modelName><modelNumber>%s</modelNumber><serialNumber>%s</serialNumber>'
            '</device></root>' % (name, manufacturer, model, model, serial)).encode()


def http(status, headers, body=b''):
    reason = {200: 'OK', 401: 'Unauthorized', 302: 'Found'}[status]
    h = ''.join('%s: %s\r\n' % kv for kv in headers)
    return ('HTTP/1.1 %d %s\r\n%sContent-Length: %d\r\nConnection: close\r\n\r\n'
            % (status, reason, h, len(body))).encode() + body


def html_title(t):
    return ('<!DOCTYPE html><html><head><title>%s</title></head><body></body></html>' % t).encode()


def lldp_frame(dev, sys_name, sys_descr):
    lt = lambda t, v: struct.pack('!H', (t << 9) | len(v)) + v  # noqa: E731
    mac = pcapgen.mac(dev['mac'])
    body = (lt(1, b'\x04' + mac) + lt(2, b'\x05GE0/0/1') + lt(3, b'\x00\x78')
            + lt(4, b'GigabitEthernet0/0/1') + lt(5, sys_name.encode()) + lt(6, sys_descr.encode())
            + lt(7, b'\x00\x14\x00\x10') + lt(0, b''))
    return pcapgen.eth('01:80:c2:00:00:0e', dev['mac'], 0x88cc, body)


# ---- SNMP agent (RFC 3416 GetRequest -> GetResponse) --------------------

def ber_read(b, i):
    tag = b[i]
    n = b[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7f
        n = int.from_bytes(b[i:i + k], 'big')
        i += k
    return tag, b[i:i + n], i + n


def snmp_reply(req, community, descr, oid_bytes):
    try:
        t, msg, _ = ber_read(req, 0)
        _, ver, i = ber_read(msg, 0)
        _, comm, i = ber_read(msg, i)
        pdu_t, pdu, _ = ber_read(msg, i)
        _, reqid, _ = ber_read(pdu, 0)
    except (IndexError, ValueError):
        return None
    if t != 0x30 or comm != community.encode() or pdu_t != 0xa0:
        return None  # a wrong community gets silence, as real agents do
    tlv = pcapgen.tlv
    vbs = (tlv(0x30, tlv(6, bytes([0x2b, 6, 1, 2, 1, 1, 1, 0])) + tlv(4, descr.encode()))
           + tlv(0x30, tlv(6, bytes([0x2b, 6, 1, 2, 1, 1, 2, 0])) + tlv(6, oid_bytes)))
    pdu = tlv(0xa2, tlv(2, reqid) + tlv(2, b'\x00') + tlv(2, b'\x00') + tlv(0x30, vbs))
    return tlv(0x30, tlv(2, ver) + tlv(4, comm) + pdu)


# ---- mDNS responder (RFC 6762 legacy unicast) ---------------------------

def dns_name(n):
    return pcapgen.dns_name(n)


def mdns_reply(query, dev, services, host):
    """Answer PTR questions for the service types this device registers."""
    if len(query) < 12:
        return None
    qid, flags, qd = struct.unpack('!HHH', query[:6])
    if flags & 0x8000:
        return None
    i, asked = 12, []
    for _ in range(qd):
        labels = []
        while i < len(query) and query[i]:
            n = query[i]
            labels.append(query[i + 1:i + 1 + n].decode('ascii', 'replace'))
            i += 1 + n
        i += 5
        asked.append('.'.join(labels))
    ans = []
    for stype, inst in services:
        if stype in asked or '_services._dns-sd._udp.local' in asked:
            ans.append(dns_name(stype) + struct.pack('!HHIH', 12, 1, 120, len(dns_name(inst + '.' + stype)))
                       + dns_name(inst + '.' + stype))
    if not ans:
        return None
    a = dns_name(host) + struct.pack('!HHIH', 1, 0x8001, 120, 4) + socket.inet_aton(dev['ip'])
    return struct.pack('!HHHHHH', qid, 0x8400, 0, len(ans) + 1, 0, 0) + b''.join(ans) + a


# ---- profiles -----------------------------------------------------------

def profile(dev):
    """The services of one device: {udp port: fn(request, dev) -> reply or None},
    {tcp port: kind}, http/rtsp answers, TLS subject, LLDP."""
    p = dev['profile']
    ip = dev['ip']
    udp, tcp = {}, {}
    d = {'udp': udp, 'tcp': tcp, 'http': None, 'rtsp_server': None, 'rtsp_realm': None,
         'tls': None, 'lldp': None, 'desc': None, 'group_reply': {}}
    onvif_wsd = None
    if p in ('hikvision', 'hikvision_nvr', 'lts'):
        model = {'hikvision': 'DS-2CD2143G2-I', 'hikvision_nvr': 'DS-7608NI-K2/8P',
                 'lts': 'LTN8708K-P8'}[p]
        reply = hik_sadp(dev, model, oem='LTS' if p == 'lts' else None, nvr=p != 'hikvision')
        udp[37020] = lambda q, r=reply: r if b'<Probe>' in q else None
        if p == 'hikvision_nvr':  # real firmware answers SADP to the group
            d['group_reply'][37020] = '239.255.255.250'
        d['http'] = http(401, [('Server', 'App-webs/'), ('WWW-Authenticate',
                         'Digest qop="auth", realm="IP Camera(C2183)", nonce="4e5a", stale="FALSE"')])
        d['rtsp_realm'] = 'IP Camera(C2183)' if p == 'hikvision' else None
        tcp.update({80: 'http', 554: 'rtsp', 8000: 'open'})
        if p == 'hikvision':
            onvif_wsd = ('HIKVISION', model)
    elif p in ('dahua', 'amcrest'):
        model, vendor = ('IPC-HDW2431T-AS-S2', 'General') if p == 'dahua' else ('IP4M-1041B', 'Amcrest')
        serial = serial_of(dev, '6G0ABCDPAG' if p == 'dahua' else 'AMC0')
        info = dahua_info(dev, model, vendor, serial)
        udp[37810] = lambda q, r=dhip_reply(dev, info): r if b'DHDiscover.search' in q else None
        udp[5050] = lambda q, r=dhip5050_reply(dev, model, serial): r if q[:1] == b'\xa3' else None
        d['rtsp_server'] = 'Rtsp Server/3.0'
        d['rtsp_realm'] = 'Login to %s' % serial
        d['http'] = http(200, [('Server', 'Webs')], html_title('WEB SERVICE'))
        tcp.update({80: 'http', 554: 'rtsp', 37777: 'open'})
        onvif_wsd = ('Dahua' if p == 'dahua' else 'Amcrest', model)
    elif p == 'xiongmai':
        udp[34569] = lambda q, r=xm_reply(dev): r if q[:1] == b'\xff' and q[14:16] == b'\xfa\x05' else None
        d['http'] = http(200, [('Server', 'uc-httpd 1.0.0')], html_title('NETSurveillance WEB'))
        d['rtsp_server'] = 'H264DVR rtspd 1.0'
        tcp.update({80: 'http', 554: 'rtsp'})
    elif p == 'uniview':
        onvif_wsd = ('Uniview', 'IPC2124LR3-PF40M-D')
        d['http'] = http(200, [('Server', 'nginx')], html_title('Web Client'))
        tcp.update({80: 'http', 554: 'rtsp'})
    elif p == 'yealink':
        d['tls'] = ('/C=CN/ST=Fujian/L=Xiamen/O=Yealink Network Technology Co., Ltd./CN=yealink.com')
        d['http'] = http(200, [('Server', 'yealink embed httpd')], html_title('Yealink MVC400'))
        d['lldp'] = ('SIP-T46S', 'Yealink SIP-T46S 66.86.0.15')
        tcp.update({80: 'http', 443: 'tls'})
    elif p == 'huawei':
        descr = ('Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170 '
                 '(AR1220 V200R010C10SPC700)')
        oid = bytes([0x2b, 6, 1, 4, 1, 0x8f, 0x5b, 2, 0x81, 0x60, 0x43])
        udp[161] = lambda q, c=None: None  # replaced below (needs the community)
        d['snmp'] = (descr, oid)
        d['lldp'] = ('AR1220', descr)
        d['http'] = http(200, [('Server', 'HuaWei Web Server')], html_title('Huawei AR1220'))
        tcp.update({80: 'http'})
    elif p == 'axis':
        server = 'Linux/4.14, UPnP/1.0, AXIS M3106-L Mk II/10.12.153'
        udp[1900] = lambda q, r=ssdp_reply(dev, server): r if q.startswith(b'M-SEARCH') else None
        d['desc'] = upnp_desc('AXIS', 'AXIS M3106-L Mk II', dev['mac'].replace(':', '').upper(),
                              'AXIS M3106-L Mk II - %s' % dev['mac'].replace(':', '').upper())
        onvif_wsd = ('AXIS', 'M3106-L-Mk-II')
        d['http'] = http(302, [('Server', 'Apache'), ('Location', '/index.html')])
        tcp.update({80: 'http', 554: 'rtsp', 49152: 'desc'})
    elif p == 'bosch':
        onvif_wsd = ('Bosch', 'FLEXIDOME-IP-4000i')
        d['http'] = http(200, [('Server', 'VCS-VideoJet-Webserver')], html_title('FLEXIDOME IP 4000i'))
        tcp.update({80: 'http', 554: 'rtsp'})
    elif p == 'hanwha':
        onvif_wsd = ('Hanwha', 'XNV-8080R')
        d['http'] = http(401, [('WWW-Authenticate', 'Digest realm="iPolis_00:09:18:%s"' % dev['mac'][9:])])
        tcp.update({80: 'http', 554: 'rtsp'})
    elif p == 'hp_printer':
        d['snmp'] = ('HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM JSI24090012,'
                     'CIDATE 07/12/2019', bytes([0x2b, 6, 1, 4, 1, 11, 2, 3, 9, 1]))
        inst = 'HP LaserJet Pro M404dn [%s]' % dev['mac'][9:].replace(':', '').upper()
        services = [('_ipp._tcp.local', inst), ('_printer._tcp.local', inst), ('_http._tcp.local', inst)]
        udp[5353] = lambda q, s=services: mdns_reply(q, dev, s, 'HP%s.local' % dev['mac'][9:].replace(':', ''))
        d['http'] = http(200, [('Server', 'HP HTTP Server; HP LaserJet Pro M404dn - W1A53A')],
                         html_title('HP LaserJet Pro M404dn'))
        tcp.update({80: 'http'})
    elif p == 'windows_pc':
        # Windows answers WS-Discovery as a computer: no maker in it.
        udp[3702] = lambda q, r=wsd_reply(dev, None, None, types='wsdp:Device pub:Computer'): \
            r if b'Probe' in q else None
    elif p == 'phone':
        pass  # answers ARP and ping only (the kernel does)
    else:
        raise SystemExit('unknown profile %s' % p)
    if onvif_wsd:
        udp[3702] = lambda q, r=wsd_reply(dev, *onvif_wsd): r if b'Probe' in q else None
    if 'snmp' in d:
        descr, oid = d['snmp']
        udp[161] = lambda q, c=None: snmp_reply(q, 'public', descr, oid)
    return d


# ---- the server loop ----------------------------------------------------

class Lab:
    def __init__(self):
        self.sel = selectors.DefaultSelector()
        self.lldp = []  # (packet socket, frame)
        self.certs = {}
        self.tmp = os.environ.get('LAB_TMP', '/tmp')

    def cert(self, subject):
        if subject not in self.certs:
            base = os.path.join(self.tmp, 'cert%d' % len(self.certs))
            subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt',
                            'ec_paramgen_curve:prime256v1', '-nodes', '-days', '3650', '-subj', subject,
                            '-keyout', base + '.key', '-out', base + '.crt'],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2  # the certificate travels in clear
            ctx.load_cert_chain(base + '.crt', base + '.key')
            self.certs[subject] = ctx
        return self.certs[subject]

    def add_device(self, dev):
        d = profile(dev)
        for port, fn in d['udp'].items():
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(('0.0.0.0', port))
            for group in ('239.255.255.250', '239.255.255.251', '224.0.0.251'):
                mreq = socket.inet_aton(group) + socket.inet_aton(dev['ip'])
                s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(dev['ip']))
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
            s.setblocking(False)
            self.sel.register(s, selectors.EVENT_READ, ('udp', fn, d['group_reply'].get(port), port))
        for port, kind in d['tcp'].items():
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((dev['ip'], port))
            s.listen(64)
            s.setblocking(False)
            self.sel.register(s, selectors.EVENT_READ, ('listen', kind, d))
        if d['lldp']:
            p = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            p.bind(('eth0', 0))
            self.lldp.append((p, lldp_frame(dev, *d['lldp'])))
        if d['tls']:
            d['tls_ctx'] = self.cert(d['tls'])

    def on_udp(self, s, fn, group, port):
        try:
            q, src = s.recvfrom(65536)
        except BlockingIOError:
            return
        r = fn(q)
        if r is None:
            return
        s.sendto(r, (group, port) if group else src)

    def on_accept(self, s, kind, d):
        try:
            c, _ = s.accept()
        except BlockingIOError:
            return
        c.setblocking(False)
        if kind == 'tls':
            c = d['tls_ctx'].wrap_socket(c, server_side=True, do_handshake_on_connect=False)
        self.sel.register(c, selectors.EVENT_READ, ('conn', kind, d, bytearray()))

    def close(self, c):
        self.sel.unregister(c)
        c.close()

    def on_conn(self, c, kind, d, buf):
        if kind == 'tls':
            try:
                c.do_handshake()
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                return
            except (ssl.SSLError, OSError):
                pass
            self.close(c)
            return
        try:
            data = c.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b''
        if not data:
            self.close(c)
            return
        if kind == 'open':
            return
        buf += data
        while b'\r\n\r\n' in buf:
            head, _, rest = bytes(buf).partition(b'\r\n\r\n')
            del buf[:len(head) + 4]
            line = head.split(b'\r\n')[0]
            try:
                if kind == 'http':
                    c.sendall(d['http'])
                    self.close(c)
                    return
                if kind == 'desc':
                    c.sendall(http(200, [('Content-Type', 'text/xml')], d['desc']))
                    self.close(c)
                    return
                if kind == 'rtsp':
                    cseq = b'1'
                    for h in head.split(b'\r\n')[1:]:
                        if h.lower().startswith(b'cseq:'):
                            cseq = h[5:].strip()
                    server = ('Server: %s\r\n' % d['rtsp_server']).encode() if d['rtsp_server'] else b''
                    if line.startswith(b'OPTIONS'):
                        c.sendall(b'RTSP/1.0 200 OK\r\nCSeq: ' + cseq + b'\r\n' + server
                                  + b'Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n')
                    else:
                        realm = d['rtsp_realm'] or 'RTSP'
                        c.sendall(b'RTSP/1.0 401 Unauthorized\r\nCSeq: ' + cseq + b'\r\n'
                                  + ('WWW-Authenticate: Digest realm="%s", nonce="9f1c"\r\n' % realm).encode()
                                  + server + b'\r\n')
            except OSError:
                self.close(c)
                return

    def run(self):
        next_lldp = 0
        while True:
            now = time.monotonic()
            if now >= next_lldp:
                for p, f in self.lldp:
                    try:
                        p.send(f)
                    except OSError:
                        pass
                next_lldp = now + 1.0  # 802.1AB msgTxInterval is 30 s; the lab speeds it up
            for key, _ in self.sel.select(timeout=0.5):
                data = key.data
                if data[0] == 'udp':
                    self.on_udp(key.fileobj, *data[1:])
                elif data[0] == 'listen':
                    self.on_accept(key.fileobj, *data[1:])
                else:
                    self.on_conn(key.fileobj, *data[1:])


def main():
    spec, ready = sys.argv[1], sys.argv[2]
    lab = Lab()
    home = '/proc/self/ns/net'
    home_fd = os.open(home, os.O_RDONLY)
    with open(spec) as f:
        for line in f:
            ns, prof, ip, mac, idx = line.rstrip('\n').split('\t')
            setns('/var/run/netns/' + ns)
            try:
                lab.add_device({'profile': prof, 'ip': ip, 'mac': mac.lower(), 'index': int(idx)})
            finally:
                if libc.setns(home_fd, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), 'setns back')
    with open(ready, 'w') as f:
        f.write('ready\n')
    lab.run()


if __name__ == '__main__':
    main()
