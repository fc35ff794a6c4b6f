#!/usr/bin/env python3
"""Checks the NER gold files (ner-id.conll, ner-en.conll) and prints their counts.

Standard library only. Usage: python3 data/gold/check_ner.py [FILE ...]
Without arguments it checks both files next to this script. Exits 1 on any error.
"""
import os
import sys
from collections import Counter

TYPES = ("PER", "ORG", "LOC")
TAGS = {"O"} | {f"{p}-{t}" for p in "BI" for t in TYPES}


def check(path):
    errors = []
    ids = set()
    sentences = tokens = 0
    entities = Counter()
    in_sentence = False
    pending_id = None
    prev = "O"
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for n, line in enumerate(text.split("\n"), 1):
        where = f"{path}:{n}"
        if line.startswith("#"):
            if "\t" in line:
                errors.append(f"{where}: tab in a comment line")
            if line.startswith("# id = "):
                sid = line[len("# id = "):].strip()
                if sid in ids:
                    errors.append(f"{where}: duplicate id {sid}")
                ids.add(sid)
                if in_sentence:
                    errors.append(f"{where}: id line inside a sentence")
                pending_id = sid
            continue
        if line.strip() == "":
            if in_sentence:
                sentences += 1
            in_sentence = False
            prev = "O"
            continue
        if not in_sentence:
            if pending_id is None:
                errors.append(f"{where}: sentence without an '# id = ' line")
            pending_id = None
            in_sentence = True
        fields = line.split("\t")
        if len(fields) != 2:
            errors.append(f"{where}: expected 2 tab-separated fields, got {len(fields)}: {line!r}")
            continue
        tok, tag = fields
        if tok == "" or tok != tok.strip() or " " in tok:
            errors.append(f"{where}: empty token or token with spaces: {tok!r}")
        if tag not in TAGS:
            errors.append(f"{where}: bad tag {tag!r}")
            prev = "O"
            continue
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            errors.append(f"{where}: {tag} does not follow B-/I- of the same type (previous {prev})")
        if tag.startswith("B-"):
            entities[tag[2:]] += 1
        tokens += 1
        prev = tag
    if in_sentence:
        sentences += 1
    if pending_id is not None:
        errors.append(f"{path}: id {pending_id} without a sentence at the end")
    return sentences, tokens, entities, errors


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    paths = argv[1:] or [os.path.join(here, "ner-id.conll"), os.path.join(here, "ner-en.conll")]
    bad = False
    for path in paths:
        s, t, e, errs = check(path)
        for err in errs[:50]:
            print(err)
        if errs:
            bad = True
            print(f"{path}: {len(errs)} error(s)")
        total = sum(e.values())
        per_type = " ".join(f"{ty}={e[ty]}" for ty in TYPES)
        print(f"{os.path.basename(path)}: sentences={s} tokens={t} entities={total} ({per_type})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
