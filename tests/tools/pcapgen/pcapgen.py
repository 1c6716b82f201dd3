#!/usr/bin/env python3
"""Write the capture fixtures for vendorscope from the documented formats.

No bytes are copied from real captures: every frame is built here from the
layouts in ../shared/research/protocols.md and the RFCs cited in src/proto/.
Python 3 standard library only. Output is deterministic (fixed timestamps,
fixed addresses), so the committed files can be regenerated and diffed:

    python3 tests/tools/pcapgen/pcapgen.py tests/fixtures/pcap

Site: one /24 (10.20.0.0/24), router 10.20.0.1, a management PC 10.20.0.5.
Frames emitted, per device (file <device>.pcap holds that device's frames;
site.pcap holds all of them in time order; site.pcapng holds the same
frames as pcapng, one interface, Ethernet):

  hikvision  MAC c0:56:e3:3a:4b:5c (Hikvision OUI C056E3), 10.20.0.11
             - SADP ProbeMatch, UDP 37020 -> 239.255.255.250:37020
               (DS-2CD2143G2-I, DeviceSN, SoftwareVersion, MAC)
             - HTTP 401 from TCP 80: Server "App-webs/",
               WWW-Authenticate Digest realm "IP Camera(C2183)"
             - DNS query + answer for dev.hik-connect.com
               (A 47.96.0.10; 47.96.0.0/11 is Alibaba Cloud, Hangzhou, CN)
             - TLS ClientHello with SNI dev.hik-connect.com to 47.96.0.10:443
  lts        MAC bc:ad:28:11:22:33 (Hikvision OUI BCAD28), 10.20.0.12
             - SADP ProbeMatch for an LTS-branded NVR: DeviceDescription
               "LTN8708K-P8", DeviceSN "LTN8708K-P8…", OEMInfo "LTS"
  dahua      MAC 3c:ef:8c:44:55:66 (Dahua OUI 3CEF8C), 10.20.0.13
             - DHIP client.notifyDevInfo, UDP 37810 -> 239.255.255.251:37810,
               Vendor "General", DeviceType "IPC-HDW2431T-AS-S2"
             - RTSP 401 from TCP 554: Server "Rtsp Server/3.0",
               realm "Login to 6G0ABCDPAG12345"
  amcrest    MAC 90:02:a9:77:88:99 (Dahua OUI 9002A9), 10.20.0.14
             - DHIP client.notifyDevInfo, Vendor "Amcrest", DeviceType "IP4M-1041B"
  xiongmai   MAC 00:12:41:aa:bb:cc, 10.20.0.15 (an OUI registered to an
             unrelated company: the fixture checks that OUI alone is not trusted)
             - 1530 search from the PC, UDP -> 255.255.255.255:34569
             - 1531 reply from UDP 34569 with NetWork.NetCommon JSON
  axis       MAC ac:cc:8e:01:02:03 (Axis OUI ACCC8E), 10.20.0.16
             - SSDP NOTIFY, UDP 1900 -> 239.255.255.250:1900, SERVER with "AXIS"
             - WS-Discovery Hello, UDP 3702 -> 239.255.255.250:3702,
               scopes hardware/M3106-L-Mk-II, name/AXIS
  bosch      MAC 00:04:63:0a:0b:0c (OUI 000463 Bosch Security Systems), 10.20.0.17
             - WS-Discovery ProbeMatches to the PC (unicast, UDP 3702),
               scopes name/Bosch, hardware/FLEXIDOME-IP-4000i
  yealink    MAC 80:5e:c0:12:34:56 (Yealink OUI 805EC0), 10.20.0.18
             - DHCPDISCOVER (0.0.0.0:68 -> 255.255.255.255:67), option 60
               "yealink", option 12 "SIP-T46S", option 55, option 61
             - SIP REGISTER over UDP 5060 to 10.20.0.1, User-Agent
               "Yealink SIP-T46S 66.86.0.15"
  huawei     MAC 4c:54:99:0d:0e:0f (Huawei OUI 4C5499), 10.20.0.1
             - LLDP to 01:80:c2:00:00:0e: chassis MAC, port GE0/0/1,
               system name AR1220, system description "Huawei Versatile…"
             - SNMP v2c GetResponse from UDP 161 to the PC: sysDescr and
               sysObjectID 1.3.6.1.4.1.2011.2.224.67
  phone      MAC da:a1:19:5e:6f:70 (locally administered: randomised), 10.20.0.19
             - DHCPREQUEST with option 60 "android-dhcp-14", option 12 "Pixel-8"
  pc         MAC 00:1b:21:00:00:05, 10.20.0.5 (sender of the probes; not a
             device under test; the 00:1B:21 OUI is Intel's)

attempts.pcap (not part of site.pcap/site.pcapng): vendor clouds asked for
behind a firewall that blocks them (issue 11, exposure attempts).
  hikvision  MAC c0:56:e3:00:00:31, 10.20.0.31
             - DNS query A dev.hik-connect.com to 10.20.0.1, no answer
               (dropped), asked again a second later
             - DNS query A litedev.ezvizlife.com, answered NXDOMAIN
             - DNS query A pool.ntp.org, no answer (not a vendor cloud)
  dahua      MAC 3c:ef:8c:00:00:32, 10.20.0.32
             - DNS query + answer www.easy4ipcloud.com A 47.96.0.20, then a
               TCP SYN to 47.96.0.20:443 (traffic)
             - DNS query + answer p2p.easy4ip.com A 47.96.0.21, no traffic
               to it (an attempt with an answer)

routed.pcap (not part of site.pcap/site.pcapng): what a capture point sees
of hosts behind the router.
  - ARP reply from the router: 10.20.0.1 is at 4c:54:99:0d:0e:0f
  - HTTP 401 from 10.30.0.20:80 (a camera on another subnet) to the PC,
    forwarded by the router (source MAC the router's): Server "DNVRS-Webs",
    realm "Login to 7J0CDEFPAZ98765"
  - HTTP 200 from 93.184.216.34:80 (an internet web server) to the PC via
    the router: Server "nginx" (a banner no local device owns)
"""
import json
import os
import struct
import sys

T0 = 1767225600  # 2026-01-01T00:00:00Z


def mac(s):
    return bytes(int(x, 16) for x in s.split(':'))


def ip4(s):
    return bytes(int(x) for x in s.split('.'))


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def eth(dst, src, etype, payload):
    frame = mac(dst) + mac(src) + struct.pack('!H', etype) + payload
    return frame + b'\0' * max(0, 60 - len(frame))  # minimum frame, no FCS


def ipv4(src, dst, proto, payload, ttl=64, ident=1):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident, 0x4000, ttl, proto, 0,
                    ip4(src), ip4(dst))
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload


def udp(src, sport, dst, dport, payload):
    length = 8 + len(payload)
    pseudo = ip4(src) + ip4(dst) + struct.pack('!BBH', 0, 17, length)
    h = struct.pack('!HHHH', sport, dport, length, 0)
    c = csum(pseudo + h + payload) or 0xffff
    return ipv4(src, dst, 17, h[:6] + struct.pack('!H', c) + payload)


def tcp(src, sport, dst, dport, payload, seq=1000, ack=1, flags=0x18):
    pseudo = ip4(src) + ip4(dst) + struct.pack('!BBH', 0, 6, 20 + len(payload))
    h = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, 0x50, flags, 65535, 0, 0)
    c = csum(pseudo + h + payload)
    return ipv4(src, dst, 6, h[:16] + struct.pack('!H', c) + h[18:] + payload)


PC_MAC, PC_IP = '00:1b:21:00:00:05', '10.20.0.5'
GW_MAC = '4c:54:99:0d:0e:0f'
BCAST = 'ff:ff:ff:ff:ff:ff'
MC_SSDP = '01:00:5e:7f:ff:fa'  # 239.255.255.250
MC_DHIP = '01:00:5e:7f:ff:fb'  # 239.255.255.251


def sadp_match(fields):
    body = ''.join('<%s>%s</%s>' % (k, v, k) for k, v in fields)
    return ('<?xml version="1.0" encoding="UTF-8"?><ProbeMatch>%s</ProbeMatch>' % body).encode()


def dhip(obj):
    body = json.dumps(obj, separators=(',', ':')).encode()
    return struct.pack('<I4sIIIIII', 0x20, b'DHIP', 0, 0, len(body), 0, len(body), 0) + body


def xm(msg_id, body, session=0):
    return struct.pack('<BBHIIBBHI', 0xff, 1, 0, session, 0, 0, 0, msg_id, len(body)) + body


def dns_name(n):
    return b''.join(bytes([len(l)]) + l.encode() for l in n.split('.')) + b'\0'


def dhcp(op, xid, chaddr, opts):
    b = struct.pack('!BBBBIHH4s4s4s4s16s64s128s', op, 1, 6, 0, xid, 0, 0x8000, bytes(4), bytes(4),
                    bytes(4), bytes(4), mac(chaddr), b'', b'')
    return b + b'\x63\x82\x53\x63' + opts + b'\xff'


def opt(code, value):
    return bytes([code, len(value)]) + value


def wsd(action, body):
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
            'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
            'xmlns:dn="http://www.onvif.org/ver10/network/wsdl">'
            '<SOAP-ENV:Header><wsa:MessageID>urn:uuid:%s</wsa:MessageID>'
            '<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/%s</wsa:Action>'
            '</SOAP-ENV:Header><SOAP-ENV:Body>%s</SOAP-ENV:Body></SOAP-ENV:Envelope>'
            % ('0000' + action, action, body)).encode()


def wsd_match(uuid, scopes, xaddr):
    return ('<wsa:EndpointReference><wsa:Address>urn:uuid:%s</wsa:Address></wsa:EndpointReference>'
            '<d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>%s</d:Scopes>'
            '<d:XAddrs>%s</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion>'
            % (uuid, ' '.join(scopes), xaddr))


def tlv(tag, body):
    n = len(body)
    if n < 128:
        return bytes([tag, n]) + body
    return bytes([tag, 0x82, n >> 8, n & 0xff]) + body


def tls_client_hello(host):
    h = host.encode()
    sni = struct.pack('!HHHBH', 0, len(h) + 5, len(h) + 3, 0, len(h)) + h
    exts = sni + struct.pack('!HH', 23, 0)
    body = (b'\x03\x03' + bytes(range(32)) + b'\x00' + b'\x00\x04\x13\x01\xc0\x2f' + b'\x01\x00'
            + struct.pack('!H', len(exts)) + exts)
    hs = b'\x01' + struct.pack('!I', len(body))[1:] + body
    return b'\x16\x03\x01' + struct.pack('!H', len(hs)) + hs


def devices():
    """(device, seconds offset, frame) for every frame, in time order per device."""
    out = []
    hik, hik_ip = 'c0:56:e3:3a:4b:5c', '10.20.0.11'
    out.append(('hikvision', 1, eth(MC_SSDP, hik, 0x0800, udp(hik_ip, 37020, '239.255.255.250', 37020, sadp_match([
        ('Uuid', '6D2F9A41-0000-4B1C-8C1E-C056E33A4B5C'), ('Types', 'inquiry'), ('DeviceType', '136'),
        ('DeviceDescription', 'DS-2CD2143G2-I'), ('DeviceSN', 'DS-2CD2143G2-I20230412AAWRJ12345678'),
        ('CommandPort', '8000'), ('HttpPort', '80'), ('MAC', 'c0-56-e3-3a-4b-5c'),
        ('IPv4Address', hik_ip), ('IPv4SubnetMask', '255.255.255.0'), ('IPv4Gateway', '10.20.0.1'),
        ('SoftwareVersion', 'V5.7.3build 220112'), ('DSPVersion', 'V7.3 build 220112'),
        ('Activated', 'true')])))))
    out.append(('hikvision', 2, eth(PC_MAC, hik, 0x0800, tcp(hik_ip, 80, PC_IP, 50100, (
        b'HTTP/1.1 401 Unauthorized\r\nServer: App-webs/\r\nContent-Length: 0\r\n'
        b'WWW-Authenticate: Digest qop="auth", realm="IP Camera(C2183)", nonce="4e5a", stale="FALSE"\r\n\r\n')))))
    q = struct.pack('!HHHHHH', 0x4b1d, 0x0100, 1, 0, 0, 0) + dns_name('dev.hik-connect.com') + struct.pack('!HH', 1, 1)
    out.append(('hikvision', 3, eth(GW_MAC, hik, 0x0800, udp(hik_ip, 40001, '10.20.0.1', 53, q))))
    a = (struct.pack('!HHHHHH', 0x4b1d, 0x8180, 1, 1, 0, 0) + dns_name('dev.hik-connect.com') + struct.pack('!HH', 1, 1)
         + b'\xc0\x0c' + struct.pack('!HHIH', 1, 1, 300, 4) + ip4('47.96.0.10'))
    out.append(('hikvision', 3, eth(hik, GW_MAC, 0x0800, udp('10.20.0.1', 53, hik_ip, 40001, a))))
    out.append(('hikvision', 4, eth(GW_MAC, hik, 0x0800, tcp(hik_ip, 40002, '47.96.0.10', 443,
                                                           tls_client_hello('dev.hik-connect.com')))))

    lts, lts_ip = 'bc:ad:28:11:22:33', '10.20.0.12'
    out.append(('lts', 5, eth(MC_SSDP, lts, 0x0800, udp(lts_ip, 37020, '239.255.255.250', 37020, sadp_match([
        ('Uuid', '1A2B3C4D-0000-4E5F-8A9B-BCAD28112233'), ('Types', 'inquiry'), ('DeviceType', '30'),
        ('DeviceDescription', 'LTN8708K-P8'), ('DeviceSN', 'LTN8708K-P80820220301CCRRJ87654321'),
        ('CommandPort', '8000'), ('HttpPort', '80'), ('MAC', 'bc-ad-28-11-22-33'),
        ('IPv4Address', lts_ip), ('SoftwareVersion', 'V4.30.210build 211230'),
        ('DSPVersion', 'V5.0, build 211230'), ('Activated', 'true'), ('OEMInfo', 'LTS')])))))

    dah, dah_ip = '3c:ef:8c:44:55:66', '10.20.0.13'
    out.append(('dahua', 6, eth(MC_DHIP, dah, 0x0800, udp(dah_ip, 37810, '239.255.255.251', 37810, dhip({
        'method': 'client.notifyDevInfo', 'params': {'mac': '3c:ef:8c:44:55:66', 'deviceInfo': {
            'DeviceClass': 'IPC', 'DeviceType': 'IPC-HDW2431T-AS-S2', 'SerialNo': '6G0ABCDPAG12345',
            'MachineName': '6G0ABCDPAG12345', 'Vendor': 'General', 'Manufacturer': 'Dahua',
            'Version': '2.800.0000000.21.R', 'HttpPort': 80, 'Port': 37777,
            'IPv4Address': {'IPAddress': dah_ip, 'SubnetMask': '255.255.255.0',
                            'DefaultGateway': '10.20.0.1', 'DhcpEnable': False}}}})))))
    out.append(('dahua', 7, eth(PC_MAC, dah, 0x0800, tcp(dah_ip, 554, PC_IP, 50200, (
        b'RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\n'
        b'WWW-Authenticate: Digest realm="Login to 6G0ABCDPAG12345", nonce="9f1c"\r\n'
        b'Server: Rtsp Server/3.0\r\n\r\n')))))

    amc, amc_ip = '90:02:a9:77:88:99', '10.20.0.14'
    out.append(('amcrest', 8, eth(MC_DHIP, amc, 0x0800, udp(amc_ip, 37810, '239.255.255.251', 37810, dhip({
        'method': 'client.notifyDevInfo', 'params': {'mac': '90:02:a9:77:88:99', 'deviceInfo': {
            'DeviceClass': 'IPC', 'DeviceType': 'IP4M-1041B', 'SerialNo': 'AMC0123456789ABCD',
            'MachineName': 'AMC0123456789ABCD', 'Vendor': 'Amcrest', 'Manufacturer': 'Private',
            'Version': '2.800.00AC000.0.R', 'HttpPort': 80, 'Port': 37777,
            'IPv4Address': {'IPAddress': amc_ip, 'SubnetMask': '255.255.255.0'}}}})))))

    xmm, xm_ip = '00:12:41:aa:bb:cc', '10.20.0.15'
    out.append(('xiongmai', 9, eth(BCAST, PC_MAC, 0x0800, udp(PC_IP, 50300, '255.255.255.255', 34569,
                                                           xm(1530, b'')))))
    reply = json.dumps({'NetWork.NetCommon': {
        'HostIP': '0x0F00140A', 'HostName': 'LocalHost', 'MAC': xmm, 'SN': 'f1e2d3c4b5a69788',
        'DeviceType': 'DVR', 'TCPPort': 34567, 'HttpPort': 80, 'Version': 'V4.02.R11.A6380140.10001.131900.00000'},
        'Ret': 100, 'SessionID': '0x00000000'}).encode() + b'\0'
    out.append(('xiongmai', 9, eth(PC_MAC, xmm, 0x0800, udp(xm_ip, 34569, PC_IP, 50300, xm(1531, reply)))))

    axis, axis_ip = 'ac:cc:8e:01:02:03', '10.20.0.16'
    out.append(('axis', 10, eth(MC_SSDP, axis, 0x0800, udp(axis_ip, 1900, '239.255.255.250', 1900, (
        b'NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\n'
        b'LOCATION: http://10.20.0.16:49152/rootdesc1.xml\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n'
        b'SERVER: Linux/4.14, UPnP/1.0, AXIS M3106-L Mk II/10.12.153\r\n'
        b'USN: uuid:Upnp-BasicDevice-1_0-ACCC8E010203::upnp:rootdevice\r\n\r\n')))))
    out.append(('axis', 10, eth(MC_SSDP, axis, 0x0800, udp(axis_ip, 3702, '239.255.255.250', 3702, wsd('Hello',
        '<d:Hello>' + wsd_match('5f1f0000-0000-0000-0000-accc8e010203', [
            'onvif://www.onvif.org/type/video_encoder', 'onvif://www.onvif.org/hardware/M3106-L-Mk-II',
            'onvif://www.onvif.org/name/AXIS', 'onvif://www.onvif.org/location/'],
            'http://10.20.0.16/onvif/device_service') + '</d:Hello>')))))

    bosch, bosch_ip = '00:04:63:0a:0b:0c', '10.20.0.17'
    out.append(('bosch', 11, eth(PC_MAC, bosch, 0x0800, udp(bosch_ip, 3702, PC_IP, 50400, wsd('ProbeMatches',
        '<d:ProbeMatches><d:ProbeMatch>' + wsd_match('b0500000-0000-0000-0000-0004630a0b0c', [
            'onvif://www.onvif.org/type/video_encoder', 'onvif://www.onvif.org/name/Bosch',
            'onvif://www.onvif.org/hardware/FLEXIDOME-IP-4000i',
            'onvif://www.onvif.org/location/country/germany'],
            'http://10.20.0.17/onvif/device_service') + '</d:ProbeMatch></d:ProbeMatches>')))))

    yl, yl_ip = '80:5e:c0:12:34:56', '10.20.0.18'
    opts = (opt(53, b'\x01') + opt(61, b'\x01' + mac(yl)) + opt(12, b'SIP-T46S') + opt(60, b'yealink')
            + opt(55, bytes([1, 3, 6, 15, 42, 43, 66, 120])))
    out.append(('yealink', 12, eth(BCAST, yl, 0x0800, udp('0.0.0.0', 68, '255.255.255.255', 67,
                                                        dhcp(1, 0x59e1a001, yl, opts)))))
    out.append(('yealink', 13, eth(GW_MAC, yl, 0x0800, udp(yl_ip, 5060, '10.20.0.1', 5060, (
        b'REGISTER sip:10.20.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.20.0.18:5060;branch=z9hG4bK1\r\n'
        b'From: "101" <sip:101@10.20.0.1>;tag=1\r\nTo: "101" <sip:101@10.20.0.1>\r\n'
        b'Call-ID: 0a1b2c3d@10.20.0.18\r\nCSeq: 1 REGISTER\r\n'
        b'User-Agent: Yealink SIP-T46S 66.86.0.15\r\nContent-Length: 0\r\n\r\n')))))

    lt = lambda t, v: struct.pack('!H', (t << 9) | len(v)) + v
    descr = b'Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170 (AR1220 V200R010C10SPC700)'
    lldp = (lt(1, b'\x04' + mac(GW_MAC)) + lt(2, b'\x05GE0/0/1') + lt(3, b'\x00\x78') + lt(4, b'GigabitEthernet0/0/1')
            + lt(5, b'AR1220') + lt(6, descr) + lt(7, b'\x00\x14\x00\x10') + lt(0, b''))
    out.append(('huawei', 14, eth('01:80:c2:00:00:0e', GW_MAC, 0x88cc, lldp)))
    vbs = (tlv(0x30, tlv(6, bytes([0x2b, 6, 1, 2, 1, 1, 1, 0])) + tlv(4, descr))
           + tlv(0x30, tlv(6, bytes([0x2b, 6, 1, 2, 1, 1, 2, 0]))
                 + tlv(6, bytes([0x2b, 6, 1, 4, 1, 0x8f, 0x5b, 2, 0x81, 0x60, 0x43]))))
    pdu = tlv(0xa2, tlv(2, b'\x3a\x01') + tlv(2, b'\x00') + tlv(2, b'\x00') + tlv(0x30, vbs))
    snmp = tlv(0x30, tlv(2, b'\x01') + tlv(4, b'public') + pdu)
    out.append(('huawei', 15, eth(PC_MAC, GW_MAC, 0x0800, udp('10.20.0.1', 161, PC_IP, 50500, snmp))))

    ph = 'da:a1:19:5e:6f:70'
    opts = (opt(53, b'\x03') + opt(61, b'\x01' + mac(ph)) + opt(50, ip4('10.20.0.19')) + opt(12, b'Pixel-8')
            + opt(60, b'android-dhcp-14') + opt(55, bytes([1, 3, 6, 15, 26, 28, 51, 58, 59, 43, 114])))
    out.append(('phone', 16, eth(BCAST, ph, 0x0800, udp('0.0.0.0', 68, '255.255.255.255', 67,
                                                      dhcp(1, 0x7a11c0de, ph, opts)))))
    return out


def routed():
    """(seconds offset, frame) for routed.pcap."""
    arp = struct.pack('!HHBBH6s4s6s4s', 1, 0x0800, 6, 4, 2, mac(GW_MAC), ip4('10.20.0.1'),
                      mac(PC_MAC), ip4(PC_IP))
    return [
        (1, eth(PC_MAC, GW_MAC, 0x0806, arp)),
        (2, eth(PC_MAC, GW_MAC, 0x0800, tcp('10.30.0.20', 80, PC_IP, 50600, (
            b'HTTP/1.1 401 Unauthorized\r\nServer: DNVRS-Webs\r\nContent-Length: 0\r\n'
            b'WWW-Authenticate: Digest realm="Login to 7J0CDEFPAZ98765", nonce="77aa"\r\n\r\n')))),
        (3, eth(PC_MAC, GW_MAC, 0x0800, tcp('93.184.216.34', 80, PC_IP, 50700, (
            b'HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n')))),
    ]


def dns_query(qid, name):
    return struct.pack('!HHHHHH', qid, 0x0100, 1, 0, 0, 0) + dns_name(name) + struct.pack('!HH', 1, 1)


def dns_answer(qid, name, addr=None):
    """A response: one A record, or NXDOMAIN (rcode 3) without an address."""
    flags, an = (0x8180, 1) if addr else (0x8183, 0)
    a = struct.pack('!HHHHHH', qid, flags, 1, an, 0, 0) + dns_name(name) + struct.pack('!HH', 1, 1)
    if addr:
        a += b'\xc0\x0c' + struct.pack('!HHIH', 1, 1, 300, 4) + ip4(addr)
    return a


def attempts():
    """(seconds offset, frame) for attempts.pcap."""
    hik, hik_ip = 'c0:56:e3:00:00:31', '10.20.0.31'
    dah, dah_ip = '3c:ef:8c:00:00:32', '10.20.0.32'
    gw = '10.20.0.1'
    up = lambda m, ip, port, q: eth(GW_MAC, m, 0x0800, udp(ip, port, gw, 53, q))
    down = lambda m, ip, port, a: eth(m, GW_MAC, 0x0800, udp(gw, 53, ip, port, a))
    return [
        (1, up(hik, hik_ip, 41001, dns_query(0x3101, 'dev.hik-connect.com'))),
        (2, up(hik, hik_ip, 41002, dns_query(0x3102, 'dev.hik-connect.com'))),
        (3, up(hik, hik_ip, 41003, dns_query(0x3103, 'litedev.ezvizlife.com'))),
        (3, down(hik, hik_ip, 41003, dns_answer(0x3103, 'litedev.ezvizlife.com'))),
        (3, up(hik, hik_ip, 41004, dns_query(0x3104, 'pool.ntp.org'))),
        (4, up(dah, dah_ip, 42001, dns_query(0x3201, 'www.easy4ipcloud.com'))),
        (4, down(dah, dah_ip, 42001, dns_answer(0x3201, 'www.easy4ipcloud.com', '47.96.0.20'))),
        (5, eth(GW_MAC, dah, 0x0800, tcp(dah_ip, 42100, '47.96.0.20', 443, b'', seq=7000, ack=0, flags=0x02))),
        (6, up(dah, dah_ip, 42002, dns_query(0x3202, 'p2p.easy4ip.com'))),
        (6, down(dah, dah_ip, 42002, dns_answer(0x3202, 'p2p.easy4ip.com', '47.96.0.21'))),
    ]


def x509_name(attrs):
    return tlv(0x30, b''.join(tlv(0x31, tlv(0x30, tlv(6, b'\x55\x04' + bytes([k])) + tlv(0x0c, v.encode())))
                              for k, v in attrs))


def x509_cert(subject, issuer):
    """A DER certificate (RFC 5280 4.1) with an RSA-shaped key and signature of fixed filler bytes."""
    alg = tlv(0x30, tlv(6, bytes([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 11])) + b'\x05\x00')
    validity = tlv(0x30, tlv(0x17, b'260101000000Z') + tlv(0x17, b'360101000000Z'))
    key = tlv(0x30, tlv(0x30, tlv(6, bytes([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 1])) + b'\x05\x00')
              + tlv(3, b'\x00' + bytes((i * 7 + 1) & 0x7f for i in range(270))))
    tbs = tlv(0x30, tlv(0xa0, tlv(2, b'\x02')) + tlv(2, b'\x01\x23\x45\x67') + alg + x509_name(issuer)
              + validity + x509_name(subject) + key)
    return tlv(0x30, tbs + alg + tlv(3, b'\x00' + bytes((i * 5 + 3) & 0x7f for i in range(256))))


def tls_server_flight(cert):
    """One TLS 1.2 record: ServerHello, Certificate, ServerHelloDone (RFC 5246 7.4)."""
    sh = b'\x03\x03' + bytes(range(32, 64)) + b'\x00' + b'\xc0\x2f' + b'\x00'
    chain = struct.pack('!I', len(cert))[1:] + cert
    certs = struct.pack('!I', len(chain))[1:] + chain
    hs = (b'\x02' + struct.pack('!I', len(sh))[1:] + sh + b'\x0b' + struct.pack('!I', len(certs))[1:] + certs
          + b'\x0e\x00\x00\x00')
    return b'\x16\x03\x03' + struct.pack('!H', len(hs)) + hs


def reasm():
    """(seconds offset, frame) for reasm.pcap: heads split across segments."""
    nvr, nvr_ip = 'c0:56:e3:5a:6b:7c', '10.20.0.21'
    head = (b'HTTP/1.1 401 Unauthorized\r\nServer: Boa/0.94.14rc21\r\nWWW-Authen'
            b'ticate: Basic realm="NVR-Split-Realm"\r\nContent-Length: 0\r\n\r\n')
    cut = head.index(b'ticate:')
    h1, h2 = head[:cut], head[cut:]
    flight = tls_server_flight(x509_cert([(3, 'nvr-split.local'), (10, 'Split Vision Co'), (6, 'CN')],
                                         [(3, 'Split Vision Root CA'), (10, 'Split Vision Co'), (6, 'CN')]))
    t1, t2 = flight[:110], flight[110:]  # cut inside the issuer: the subject is all in t2
    assert t2[0] != 0x16  # the stray second segment must not look like a stream start
    f = lambda *a, **k: eth(PC_MAC, nvr, 0x0800, tcp(nvr_ip, *a, **k))
    return [
        (1, f(80, PC_IP, 50800, b'', seq=5000, flags=0x12)),
        (1, f(80, PC_IP, 50800, h1, seq=5001)),
        (2, f(80, PC_IP, 50800, h1, seq=5001)),  # retransmitted
        (2, f(80, PC_IP, 50800, h2, seq=5001 + len(h1))),
        (3, f(443, PC_IP, 50801, b'', seq=9000, flags=0x12)),
        (3, f(443, PC_IP, 50801, t2, seq=9001 + len(t1))),  # out of order: dropped
        (3, f(443, PC_IP, 50801, t1, seq=9001)),
        (4, f(443, PC_IP, 50801, t2, seq=9001 + len(t1))),  # retransmitted, now in order
    ]


def pcap(frames):
    out = [struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)]
    for i, (sec, f) in enumerate(frames):
        out.append(struct.pack('<IIII', T0 + sec, i * 1000, len(f), len(f)) + f)
    return b''.join(out)


def pcapng(frames):
    def block(btype, body):
        body += b'\0' * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack('<II', btype, n) + body + struct.pack('<I', n)
    shb = block(0x0a0d0d0a, struct.pack('<IHHq', 0x1a2b3c4d, 1, 0, -1))
    idb = block(0x00000001, struct.pack('<HHI', 1, 0, 65535))  # Ethernet, microsecond timestamps
    out = [shb, idb]
    for i, (sec, f) in enumerate(frames):
        ts = (T0 + sec) * 1000000 + i * 1000
        out.append(block(0x00000006, struct.pack('<IIIII', 0, ts >> 32, ts & 0xffffffff, len(f), len(f)) + f))
    return b''.join(out)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write('usage: pcapgen.py OUTDIR\n')
        return 64
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    frames = devices()
    names = []
    for dev, _, _ in frames:
        if dev not in names:
            names.append(dev)
    for dev in names:
        with open(os.path.join(outdir, dev + '.pcap'), 'wb') as f:
            f.write(pcap([(s, fr) for d, s, fr in frames if d == dev]))
    allf = sorted(((s, fr) for _, s, fr in frames), key=lambda x: x[0])
    with open(os.path.join(outdir, 'site.pcap'), 'wb') as f:
        f.write(pcap(allf))
    with open(os.path.join(outdir, 'site.pcapng'), 'wb') as f:
        f.write(pcapng(allf))
    with open(os.path.join(outdir, 'routed.pcap'), 'wb') as f:
        f.write(pcap(routed()))
    with open(os.path.join(outdir, 'reasm.pcap'), 'wb') as f:
        f.write(pcap(reasm()))
    with open(os.path.join(outdir, 'attempts.pcap'), 'wb') as f:
        f.write(pcap(attempts()))
    return 0


if __name__ == '__main__':
    sys.exit(main())
