#!/usr/bin/env python3
"""The benchmark's CSV as an XLSX workbook (one sheet, shared strings, the
acquisition dates as 1900-system serials), to time XLSX against CSV import
of the same rows.  usage: bench/import/xlsx_from_csv.py IN.csv OUT.xlsx"""
import csv
import datetime
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "import", "xlsx"))
from make_xlsx import Date, write_xlsx  # noqa: E402

EPOCH = datetime.date(1899, 12, 30)  # serial 0 past the phantom 1900-02-29


def main():
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";"))
    head = rows[0]
    when = head.index("Anskaffet")
    count = head.index("Antal")
    for r in rows[1:]:
        if r[when]:
            d, m, y = (int(x) for x in r[when].split("-"))
            r[when] = Date((datetime.date(y, m, d) - EPOCH).days)
        if r[count].isdigit():
            r[count] = int(r[count])
    write_xlsx(sys.argv[2], [("Sheet1", rows)])


if __name__ == "__main__":
    main()
