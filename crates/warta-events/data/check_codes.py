#!/usr/bin/env python3
"""Check cameo-codes.tsv: well-formed rows, and agreement with GDELT's lookup.

Usage:
    python3 crates/warta-events/data/check_codes.py [PATH_TO_GDELT_eventcodes.tsv]

Without an argument the GDELT lookup is looked for at ../shared/data/cameo/eventcodes.tsv
relative to the repository root (and /work/shared/data/cameo/eventcodes.tsv). When it is
not found, only the local checks run.

Local checks: header, four fields a row, codes are 2-4 digits with a root 01-20, every
3/4-digit code has its parents, quad class follows the root (01-05 -> 1, 06-09 -> 2,
10-14 -> 3, 15-20 -> 4), Goldstein in [-10, 10] with one decimal, no duplicate codes.

Comparison with GDELT (columns code, quad_class, goldstein): the same set of codes, the
same quad class, equal Goldstein weights. Names are not compared (ours are our own).

Exit status 0 when everything agrees, 1 otherwise. Standard library only.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OURS = os.path.join(HERE, "cameo-codes.tsv")
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CANDIDATES = [
    os.path.join(REPO, "..", "shared", "data", "cameo", "eventcodes.tsv"),
    "/work/shared/data/cameo/eventcodes.tsv",
]
HEADER = ["code", "quad_class", "goldstein", "name"]


def quad_for_root(root):
    r = int(root)
    if 1 <= r <= 5:
        return 1
    if 6 <= r <= 9:
        return 2
    if 10 <= r <= 14:
        return 3
    if 15 <= r <= 20:
        return 4
    return None


def read_tsv(path):
    """Yield (line_number, fields) for data lines; the first non-comment line is the header."""
    header = None
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if header is None:
                if line.startswith("#") or not line.strip():
                    continue
                header = line.split("\t")
                continue
            if not line.strip() or line.startswith("#"):
                continue
            rows.append((n, line.split("\t")))
    return header, rows


def load_ours(errors):
    header, rows = read_tsv(OURS)
    if header != HEADER:
        errors.append(f"cameo-codes.tsv: header {header!r}, expected {HEADER!r}")
        return {}
    table = {}
    for n, f in rows:
        where = f"cameo-codes.tsv:{n}"
        if len(f) != 4:
            errors.append(f"{where}: {len(f)} fields, expected 4")
            continue
        code, quad, gold, name = f
        if not re.fullmatch(r"\d{2,4}", code):
            errors.append(f"{where}: bad code {code!r}")
            continue
        if quad_for_root(code[:2]) is None:
            errors.append(f"{where}: root {code[:2]} outside 01-20")
            continue
        if code in table:
            errors.append(f"{where}: duplicate code {code}")
            continue
        if quad not in {"1", "2", "3", "4"} or int(quad) != quad_for_root(code[:2]):
            errors.append(f"{where}: quad_class {quad!r} does not match root {code[:2]}")
        if not re.fullmatch(r"-?\d{1,2}\.\d", gold) or not -10.0 <= float(gold) <= 10.0:
            errors.append(f"{where}: bad goldstein {gold!r}")
            continue
        if not name.strip():
            errors.append(f"{where}: empty name")
        table[code] = (int(quad), float(gold), name)
    for code in table:
        if len(code) >= 3 and code[:2] not in table:
            errors.append(f"cameo-codes.tsv: {code} has no root {code[:2]}")
        if len(code) == 4 and code[:3] not in table:
            errors.append(f"cameo-codes.tsv: {code} has no parent {code[:3]}")
    return table


def load_gdelt(path):
    header, rows = read_tsv(path)
    idx = {name: i for i, name in enumerate(header)}
    for col in ("code", "quad_class", "goldstein"):
        if col not in idx:
            raise SystemExit(f"{path}: no column {col!r}")
    table = {}
    for _, f in rows:
        code = f[idx["code"]].strip()
        table[code] = (int(f[idx["quad_class"]]), float(f[idx["goldstein"]]))
    return table


def main(argv):
    errors = []
    ours = load_ours(errors)
    print(f"cameo-codes.tsv: {len(ours)} codes "
          f"({sum(1 for c in ours if len(c) == 2)} roots, "
          f"{sum(1 for c in ours if len(c) == 3)} three-digit, "
          f"{sum(1 for c in ours if len(c) == 4)} four-digit)")
    paths = argv[1:] or [p for p in CANDIDATES if os.path.exists(p)][:1]
    if paths:
        path = paths[0]
        gdelt = load_gdelt(path)
        print(f"comparing with {path}: {len(gdelt)} codes")
        for code in sorted(set(gdelt) - set(ours)):
            errors.append(f"missing from ours: {code} (quad {gdelt[code][0]}, goldstein {gdelt[code][1]})")
        for code in sorted(set(ours) - set(gdelt)):
            errors.append(f"not in GDELT: {code} {ours[code][2]!r}")
        for code in sorted(set(ours) & set(gdelt)):
            q, g, _ = ours[code]
            gq, gg = gdelt[code]
            if q != gq:
                errors.append(f"quad_class differs for {code}: ours {q}, GDELT {gq}")
            if abs(g - gg) > 1e-9:
                errors.append(f"goldstein differs for {code}: ours {g}, GDELT {gg}")
    else:
        print("GDELT lookup not found; local checks only")
    for e in errors:
        print(e)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
