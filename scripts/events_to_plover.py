#!/usr/bin/env python3
"""Turns `warta events --jsonl` output (CAMEO codes) into PLOVER event types,
through a CAMEO->PLOVER table (cameo_code<TAB>plover_event<TAB>...), for
scoring against PLOVER gold with ../shared/bench/score_events.py.

    python3 scripts/events_to_plover.py ../shared/data/cameo/cameo2plover.tsv < cameo.jsonl > plover.jsonl

A code maps through its nearest listed parent (0311 -> 031 -> 03); events
whose code has no PLOVER type are left out.
"""
import json
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    table = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        next(f, None)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 1 and cols[1]:
                table[cols[0]] = cols[1]

    def plover(code):
        while code:
            if code in table:
                return table[code]
            code = code[:-1]
        return None

    for line in sys.stdin:
        if not line.strip():
            continue
        record = json.loads(line)
        events = []
        for e in record.get("events", []):
            p = plover(e.get("code", ""))
            if p:
                events.append({"source": e["source"], "target": e["target"], "code": p})
        print(json.dumps({"id": record.get("id"), "events": events}))


if __name__ == "__main__":
    main()
