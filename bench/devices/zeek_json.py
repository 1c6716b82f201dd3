#!/usr/bin/env python3
"""The same conn.log in Zeek's JSON form (LogAscii::use_json=T): one object
a line, unset fields left out. usage: zeek_json.py TSV_IN JSON_OUT"""
import json, sys

INT = {"port", "count"}
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for line in f:
        line = line.rstrip("\n")
        if line.startswith("#fields"):
            cols = line.split("\t")[1:]
        elif line.startswith("#types"):
            types = line.split("\t")[1:]
        elif line and not line.startswith("#"):
            obj = {}
            for c, t, v in zip(cols, types, line.split("\t")):
                if v == "-":
                    continue
                obj[c] = (int(v) if t in INT else float(v) if t in ("time", "interval")
                          else v == "T" if t == "bool" else v)
            out.write(json.dumps(obj, separators=(",", ":")) + "\n")
