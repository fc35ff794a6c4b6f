#!/usr/bin/env python3
"""Sanity checks for the warta gazetteer (standard library only).

1. Lints every TSV in this directory: header present, same number of fields on
   every row, no empty first field, leaders.tsv dates are YYYY-MM-DD.
2. Coverage of the Unicode CLDR country/territory names (Indonesian and
   English) against countries.tsv.  The CLDR table is the shared reference file
   /work/shared/data/gazetteer/cldr-territories-id-en-ms.tsv (override with
   WARTA_CLDR=/path); it is only read, never copied.  If it is absent the
   coverage part prints "skipped".
3. Which codes of the GDELT CAMEO country table (/work/shared/data/cameo/
   countries.tsv, override with WARTA_CAMEO_COUNTRIES) have a row here
   ("skipped" if absent).

Usage: python3 data/gazetteer/check.py [-v]     (-v lists every miss)
Exit status 1 if the lint finds an error.
"""
import csv
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
CLDR = os.environ.get(
    "WARTA_CLDR", "/work/shared/data/gazetteer/cldr-territories-id-en-ms.tsv")
VERBOSE = "-v" in sys.argv[1:]

# CLDR codes that are not ISO 3166-1 entries (CLDR-only or exceptionally
# reserved); we do not list them as countries on purpose.
NOT_ISO = {"AC", "CP", "CQ", "DG", "EA", "IC", "TA"}


def read_tsv(path):
    """Return (header, rows) skipping leading '#' comment lines."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = [l for l in f if not l.startswith("#")]
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    rows = [r for r in rows if r and any(c.strip() for c in r)]
    return rows[0], rows[1:]


def norm(s):
    """Case/accent/punctuation-insensitive key."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").replace("&", " and ").lower()
    s = re.sub(r"\bdan\b", " and ", s)
    s = re.sub(r"\bst\.? ", "saint ", s)
    s = re.sub(r"[^a-z0-9']+", " ", s)
    return " ".join(s.split())


def lint():
    errors = 0
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".tsv"):
            continue
        header, rows = read_tsv(os.path.join(HERE, name))
        bad = [i for i, r in enumerate(rows, 2) if len(r) != len(header)]
        empty = [i for i, r in enumerate(rows, 2) if not r[0].strip()]
        print(f"  {name}: {len(rows)} rows, {len(header)} columns"
              + (f", BAD field count at data lines {bad[:5]}" if bad else "")
              + (f", EMPTY key at {empty[:5]}" if empty else ""))
        errors += len(bad) + len(empty)
        if name == "leaders.tsv":
            h = {c: i for i, c in enumerate(header)}
            for r in rows:
                for c in ("from", "to"):
                    v = r[h[c]]
                    if v and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                        print(f"    bad date {c}={v!r} for {r[0]}")
                        errors += 1
                if r[h["to"]] and r[h["to"]] < r[h["from"]]:
                    print(f"    'to' before 'from' for {r[0]}")
                    errors += 1
        if name == "countries.tsv":
            keys = [r[0] for r in rows]
            dup = sorted({k for k in keys if keys.count(k) > 1})
            if dup:
                print(f"    duplicate iso3: {dup}")
                errors += len(dup)
    return errors


def coverage():
    if not os.path.exists(CLDR):
        print(f"CLDR coverage: skipped ({CLDR} not found)")
        return
    header, rows = read_tsv(CLDR)
    h = {c: i for i, c in enumerate(header)}
    cldr = [r for r in rows if r[h["kind"]] == "country"]

    ch, crow = read_tsv(os.path.join(HERE, "countries.tsv"))
    ci = {c: i for i, c in enumerate(ch)}
    by_iso2 = {}
    all_id, all_en = {}, {}
    for r in crow:
        iso2 = r[ci["iso2"]]
        ids = {norm(v) for c in ("name_id", "adj_id") for v in r[ci[c]].split("|") if v}
        ens = {norm(v) for v in r[ci["name_en"]].split("|") if v}
        if iso2 and r[ci["status"]] not in ("historical",):
            by_iso2.setdefault(iso2, (set(), set()))
            by_iso2[iso2][0].update(ids)
            by_iso2[iso2][1].update(ens)
        for v in ids:
            all_id.setdefault(v, set()).add(r[0])
        for v in ens:
            all_en.setdefault(v, set()).add(r[0])

    iso_rows = [r for r in cldr if r[h["code"]] not in NOT_ISO]
    n_all, n_iso = len(cldr), len(iso_rows)
    code_hit = [r for r in iso_rows if r[h["code"]] in by_iso2]
    print(f"CLDR country rows: {n_all} ({n_all - n_iso} CLDR-only codes excluded: "
          f"{' '.join(sorted(NOT_ISO))})")
    print(f"  codes present in countries.tsv (by iso2): {len(code_hit)}/{n_iso}"
          f" = {100 * len(code_hit) / n_iso:.1f}%")
    missing_codes = [f"{r[h['code']]} {r[h['name_en']]}" for r in iso_rows
                     if r[h["code"]] not in by_iso2]
    if missing_codes:
        print("    missing codes: " + "; ".join(missing_codes))

    for lang, col, idx, pool in (("id", "name_id", 0, all_id), ("en", "name_en", 1, all_en)):
        same, anyrow, miss = 0, 0, []
        for r in iso_rows:
            code, name = r[h["code"]], r[h[col]]
            variants = {name}
            # CLDR writes "Myanmar (Burma)", "Hong Kong DAK Tiongkok"/"Hong Kong SAR China",
            # "Kongo - Kinshasa": also accept the part before the bracket / qualifier.
            variants.add(re.sub(r"\s*\(.*\)$", "", name))
            variants.add(re.sub(r"\s+(DAK Tiongkok|SAR China)$", "", name))
            keys = {norm(v) for v in variants}
            mine = by_iso2.get(code, (set(), set()))[idx]
            if keys & mine:
                same += 1
            elif any(k in pool for k in keys):
                anyrow += 1
                miss.append(f"{code} {name!r} (found under {sorted(set().union(*(pool[k] for k in keys if k in pool)))})")
            else:
                miss.append(f"{code} {name!r}")
        print(f"  CLDR {lang} names matched on the same country: {same}/{n_iso}"
              f" = {100 * same / n_iso:.1f}%"
              + (f"  (+{anyrow} matched on another row)" if anyrow else ""))
        if miss and (VERBOSE or len(miss) <= 15):
            for m in miss:
                print(f"    miss {lang}: {m}")
        elif miss:
            print(f"    {len(miss)} misses (run with -v to list)")

    if "aliases_id_curated" in h:
        tot, hit, miss = 0, 0, []
        for r in iso_rows:
            for a in filter(None, r[h["aliases_id_curated"]].split("|")):
                tot += 1
                if norm(a) in by_iso2.get(r[h["code"]], (set(), set()))[0]:
                    hit += 1
                else:
                    miss.append(f"{r[h['code']]} {a!r}")
        if tot:
            print(f"  curated Indonesian aliases matched: {hit}/{tot} = {100 * hit / tot:.1f}%")
            for m in miss:
                print(f"    miss alias: {m}")


def cameo_codes():
    """Which GDELT/CAMEO country codes (shared lookup) have a row here."""
    path = os.environ.get("WARTA_CAMEO_COUNTRIES", "/work/shared/data/cameo/countries.tsv")
    if not os.path.exists(path):
        print(f"CAMEO country-code coverage: skipped ({path} not found)")
        return
    header, rows = read_tsv(path)
    _, mine = read_tsv(os.path.join(HERE, "countries.tsv"))
    have = {r[0] for r in mine}
    miss = [f"{r[0]} {r[1]}" for r in rows if r[0] not in have]
    print(f"CAMEO (GDELT) country/region codes with a row here: {len(rows) - len(miss)}/{len(rows)}"
          + (f"; missing: {'; '.join(miss)}" if miss else ""))


def main():
    print("Lint:")
    errors = lint()
    print(f"  {errors} error(s)")
    coverage()
    cameo_codes()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
