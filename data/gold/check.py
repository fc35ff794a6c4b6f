#!/usr/bin/env python3
"""Lint data/gold/events-id.jsonl: JSON, unique ids, fields, codes in the CAMEO codebook; print counts."""
import json, sys, os, re
from collections import Counter
here = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "events-id.jsonl")
cb = os.environ.get("WARTA_CAMEO", os.path.join(here, "../../../shared/data/cameo/eventcodes.tsv"))
codes = {l.split("\t")[0] for l in open(cb, encoding="utf-8").read().splitlines()[1:]}
ids, roots, cats, err = set(), Counter(), Counter(), 0
n = nev = empty = 0
for ln, line in enumerate(open(path, encoding="utf-8"), 1):
    r = json.loads(line); n += 1
    assert set(r) >= {"id", "lang", "text", "date", "events", "category"}, ln
    if r["id"] in ids: print("dup id", r["id"]); err += 1
    ids.add(r["id"]); cats[r["category"]] += 1
    if r["date"] is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d", r["date"]): print("bad date", r["id"]); err += 1
    if not r["events"]: empty += 1
    for e in r["events"]:
        nev += 1
        for c in [e["code"]] + e.get("accept", []):
            if c not in codes: print("unknown code", r["id"], c); err += 1
        if not re.fullmatch(r"[A-Z-]{3}[A-Z]*", e["source"]) or not re.fullmatch(r"([A-Z-]{3}[A-Z]*)?", e["target"]):
            print("bad actor", r["id"], e); err += 1
        roots[e["code"][:2]] += 1
print(f"{n} records, {nev} events, {empty} with no event ({100*empty/n:.0f}%)")
print("events per root:", " ".join(f"{k}:{v}" for k, v in sorted(roots.items())))
print("categories:", " ".join(f"{k}:{v}" for k, v in cats.most_common()))
sys.exit(1 if err else 0)
