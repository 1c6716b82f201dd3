#!/usr/bin/env python3
"""Fill a store made by `vendorscope init` with Oracle 1 (seed 001, Tabel 1):
the Chinese hardware of Copenhagen Municipality in 2025, as survey kk-2025.

Used by the plan/report end-to-end tests while `vendorscope import` cannot
yet read examples/kk-2025/inventory-2025.csv; the rows are the ones that
file holds, with the type keys and the classification identification gives.
usage: kkstore.py STORE
"""
import sqlite3
import sys

ROWS = [
    # type, department, count, low, high, estimated
    ("drone", "TMF", 5, 5, 5, 0),
    ("video_conference_console", "ØKF", 108, 108, 108, 0),
    ("surveillance_camera", "ØKF", 100, 100, 100, 0),
    ("surveillance_camera", "SOF", 281, 281, 281, 0),
    ("surveillance_camera", "SUF", 7, 7, 7, 0),
    ("surveillance_camera", "KFF", 37, 37, 37, 0),
    ("surveillance_camera", "BUF", 300, 200, 300, 1),
    ("surveillance_camera", "BIF", 70, 70, 70, 0),
    ("traffic_camera", "TMF", 13, 13, 13, 0),
    ("traffic_camera", "TMF", 18, 18, 18, 0),
    ("laptop_pc", "ØKF", 3246, 3246, 3246, 0),
    ("laptop_pc", "SOF", 9, 9, 9, 0),
    ("desktop_pc", "ØKF", 344, 344, 344, 0),
    ("pedagogical_pc", "BUF", 37323, 37323, 37323, 0),
    ("router", "SOF", 70, 70, 70, 0),
]


def main():
    db = sqlite3.connect(sys.argv[1])
    cur = db.cursor()
    cur.execute("INSERT INTO survey (name, date) VALUES ('kk-2025', '2025')")
    survey = cur.lastrowid
    for line, (t, dept, n, lo, hi, est) in enumerate(ROWS, start=2):
        cur.execute(
            "INSERT INTO asset (survey_id, kind, type, department, count, count_low,"
            " count_high, estimated, chinese, source_line)"
            " VALUES (?, 'hardware', ?, ?, ?, ?, ?, ?, 1, ?)",
            (survey, t, dept, n, lo, hi, est, "inventory-2025.csv:%d" % line))
    db.commit()


if __name__ == "__main__":
    main()
