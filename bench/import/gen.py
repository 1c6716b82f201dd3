#!/usr/bin/env python3
"""Write a synthetic municipal inventory export for the import benchmark.

Danish headers, ';'-separated, the way Danish Excel saves it: a realistic mix
of device types and makers (Chinese, Taiwanese, European, American), makers
spelled the ways real exports spell them (legal names, upper case, brands),
unique serials, MACs from the makers' registered OUI blocks, Danish dates and
some aggregate rows with approximate counts. Deterministic for a given seed.

usage: gen.py ROWS OUT.csv [--seed N]
"""
import random
import sys

# (type word, weight, [(maker spelling, model, OUI prefix or ""), ...])
CATALOGUE = [
    ("Overvågningskamera", 22, [
        ("Hikvision", "DS-2CD2143G2-I", "c0:56:e3"),
        ("HIKVISION", "DS-2CD2387G2-LU", "bc:ad:28"),
        ("Hangzhou Hikvision Digital Technology Co.,Ltd.", "DS-2DE4425IW-DE", "44:19:b6"),
        ("Dahua", "IPC-HFW2431S-S-S2", "3c:ef:8c"),
        ("Zhejiang Dahua Technology Co., Ltd.", "IPC-HDW3441T-ZAS", "e0:50:8b"),
        ("Amcrest", "IP8M-2496EB", "9c:8e:cd"),
        ("Axis", "P3245-LV", "ac:cc:8e"),
        ("AXIS Communications AB", "M3106-L Mk II", "00:40:8c"),
        ("Bosch", "FLEXIDOME IP 5000i", "00:1c:44"),
        ("Hanwha Vision", "XNV-6081", "00:09:18"),
        ("Panasonic", "WV-S2131L", "00:1b:d3"),
        ("Milestone", "", ""),
    ]),
    ("Bærbar PC", 30, [
        ("Lenovo", "ThinkPad T14 Gen 4", ""),
        ("LENOVO", "ThinkPad L14", ""),
        ("HP", "EliteBook 840 G10", ""),
        ("Hewlett-Packard", "ProBook 450 G9", ""),
        ("Dell", "Latitude 5440", ""),
        ("Apple", "MacBook Air M2", ""),
        ("Acer", "TravelMate P2", ""),
        ("ASUS", "ExpertBook B1", ""),
    ]),
    ("Stationær PC", 12, [
        ("Lenovo", "ThinkCentre M70q", ""),
        ("HP", "EliteDesk 800 G9", ""),
        ("Dell", "OptiPlex 7010", ""),
    ]),
    ("Router", 4, [
        ("Huawei", "AR6120", "00:e0:fc"),
        ("TP-Link", "ER605", "50:c7:bf"),
        ("Cisco", "ISR 1100", "00:1b:54"),
        ("Zyxel", "USG FLEX 100", "00:13:49"),
    ]),
    ("Switch", 5, [
        ("Huawei", "S5735-L", "00:e0:fc"),
        ("H3C", "S5130", "00:0f:e2"),
        ("Cisco", "Catalyst 9200", "00:1b:54"),
        ("HPE Aruba", "2930F", "00:0b:86"),
    ]),
    ("Printer", 6, [
        ("Lexmark", "MX521", "00:21:b7"),
        ("HP", "LaserJet M406", "00:1b:78"),
        ("Canon", "imageRUNNER C3226i", "00:1e:8f"),
        ("Konica Minolta", "bizhub C300i", ""),
    ]),
    ("Videokonferencekonsol", 3, [
        ("Yealink", "MeetingBar A30", "80:5e:c0"),
        ("Poly", "Studio X50", "00:04:f2"),
        ("Logitech", "Rally Bar", ""),
    ]),
    ("Mobiltelefon", 14, [
        ("Apple", "iPhone 14", ""),
        ("Samsung", "Galaxy A54", ""),
        ("Xiaomi", "Redmi Note 12", ""),
        ("Motorola", "moto g54", ""),
    ]),
    ("Drone", 1, [
        ("DJI", "Mavic 3 Enterprise", ""),
        ("Parrot", "ANAFI USA", ""),
    ]),
]

DEPARTMENTS = ["ØKF", "SOF", "SUF", "KFF", "BUF", "BIF", "TMF"]
SITES = ["Rådhuset", "Islands Brygge 37", "Sjæleboderne 2", "Bernstorffsgade 17",
         "Nyropsgade 1", "Gyldenløvesgade 15", "Borgergade 15", "Skole %d", "Plejecenter %d"]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rows = int(sys.argv[1])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 2025
    rng = random.Random(seed)
    weights = [w for _, w, _ in CATALOGUE]
    with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
        out.write("Type;Producent;Model;Serienummer;Forvaltning;Lokation;MAC-adresse;"
                  "IP-adresse;Anskaffet;Antal\r\n")
        for i in range(rows):
            typ, _, makers = rng.choices(CATALOGUE, weights)[0]
            maker, model, oui = rng.choice(makers)
            dept = rng.choice(DEPARTMENTS)
            site = rng.choice(SITES)
            if "%d" in site:
                site = site % rng.randint(1, 120)
            mac = ip = ""
            if oui:
                mac = "%s:%02x:%02x:%02x" % (oui, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF)
                ip = "10.%d.%d.%d" % (DEPARTMENTS.index(dept) + 1, (i >> 8) & 0xFF, i & 0xFF)
            day = "%02d-%02d-%d" % (rng.randint(1, 28), rng.randint(1, 12), rng.randint(2014, 2025))
            count = "1"
            serial = "SN%08d" % i
            if rng.random() < 0.002:  # a few aggregate rows, as surveys write them
                count = rng.choice(["~%d" % rng.randint(5, 300), "%d-%d" % (10, rng.randint(11, 90)),
                                    "%d+" % rng.randint(2, 50), "1.%03d" % rng.randint(0, 999)])
                serial = mac = ip = ""
            if rng.random() < 0.03:  # maker column left empty: only the MAC says who
                maker = ""
            out.write(f"{typ};{maker};{model};{serial};{dept};{site};{mac};{ip};{day};{count}\r\n")


if __name__ == "__main__":
    main()
