#!/usr/bin/env python3
# Counts the SQL statements in src/store/ (schema.c aside) that name the
# table asset, those that name a column layout (a) of pg_layout.sh moves
# into the verdict table (directly or through STORE_ASSET_COLUMNS /
# STORE_ASSET_SELECT / ASSET_COLUMNS), and those that write asset.
# Adjacent string literals are joined; SQL assembled piece by piece at run
# time (query_groups.c) is not seen. usage: python3 bench/import/pg_layout_sqlscan.py
import re,sys,glob
moved="kind type type_raw maker vendor vendor_name brand country chinese critical confidence evidence_id product publisher version origin_reported".split()
tot=0;mv=0;wr=0
for f in sorted(glob.glob('src/store/*.c')):
    if f.endswith('schema.c'): continue
    src=open(f).read()
    src=re.sub(r'/\*.*?\*/','',src,flags=re.S)
    src=re.sub(r'#define[^\n]*(\\\n[^\n]*)*','',src)
    src=src.replace('STORE_ASSET_SELECT','"SELECT a.kind, e.items FROM asset a"').replace('STORE_ASSET_COLUMNS','"SELECT a.kind"').replace('ASSET_COLUMNS','"kind"')
    # group adjacent string literals (possibly separated by whitespace/newlines/backslash-newlines/macro names)
    groups=[]; cur=[]; last=None
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"',src):
        if last is not None and re.fullmatch(r'[\s\\A-Z_]*',src[last:m.start()]):
            cur.append(m.group(1))
        else:
            if cur: groups.append(' '.join(cur))
            cur=[m.group(1)]
        last=m.end()
    if cur: groups.append(' '.join(cur))
    n=m_=w=0
    for g in groups:
        if not re.search(r'\b(SELECT|UPDATE|INSERT|DELETE)\b',g): continue
        if not re.search(r'\b(FROM|JOIN|UPDATE|INTO)\s+asset\b(?!_)',g): continue
        n+=1
        if re.search(r'\b(UPDATE|INSERT INTO)\s+asset\b(?!_)',g): w+=1
        if any(re.search(r'\b'+c+r'\b',g) for c in moved): m_+=1; print('   ', g[:150])
    print(f,n,m_,w); tot+=n;mv+=m_;wr+=w
print('total',tot,'reading/writing moved',mv,'writes',wr)
