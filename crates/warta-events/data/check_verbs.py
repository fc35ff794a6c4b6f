#!/usr/bin/env python3
"""Lint the verb dictionaries of warta-events: verbs-en.tsv and, when present, verbs-id.tsv.

Usage:
    python3 crates/warta-events/data/check_verbs.py [-v] [FILE ...]

Without FILE arguments it lints verbs-en.tsv and verbs-id.tsv beside this script
(verbs-id.tsv only if it exists).

Format (TSV, UTF-8, optional leading '#' comment lines, then one header line):
    lemma  forms  code  object  flags  note

Errors (exit status 1):
  - header is not exactly the six columns above; a row without six fields;
  - empty or non-lower-case lemma, or a lemma with characters other than letters,
    space, hyphen and apostrophe;
  - forms / object lists with empty items, upper case, or spaces inside an item;
  - code not in cameo-codes.tsv;
  - flags outside {mutual, speech, intent, given};
  - duplicate (lemma, object) pair (the object compared as a set of words).

Warnings (printed, exit status unaffected; the full list with -v):
  - a lemma whose rows disagree on forms;
  - an object word listed in two rows of the same lemma with different codes (the
    engine takes the first row in file order, so the later one is shadowed for it).

Standard library only.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CODES = os.path.join(HERE, "cameo-codes.tsv")
DEFAULT_FILES = ["verbs-en.tsv", "verbs-id.tsv"]
HEADER = ["lemma", "forms", "code", "object", "flags", "note"]
FLAGS = {"mutual", "speech", "intent", "given"}
LEMMA_RE = re.compile(r"^[^\W\d_]+(?:['\-][^\W\d_]+)*(?: [^\W\d_]+(?:['\-][^\W\d_]+)*)*$")
WORD_RE = re.compile(r"^[^\W_][\w'\-]*$")


def load_codes():
    codes = set()
    header = None
    with open(CODES, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if header is None:
                header = line.split("\t")
                continue
            codes.add(line.split("\t")[0])
    return codes


def split_list(value):
    return value.split("|") if value != "" else []


def check_list(where, what, value, errors):
    items = split_list(value)
    for item in items:
        if item == "":
            errors.append(f"{where}: empty item in {what} {value!r}")
        elif item != item.lower():
            errors.append(f"{where}: {what} item {item!r} is not lower case")
        elif not WORD_RE.match(item):
            errors.append(f"{where}: {what} item {item!r} is not a single word")
    if len(set(items)) != len(items):
        errors.append(f"{where}: repeated item in {what} {value!r}")
    return items


def lint(path, codes, verbose):
    name = os.path.basename(path)
    errors, warnings = [], []
    header = None
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if header is None:
                if not line.strip() or line.startswith("#"):
                    continue
                header = line.split("\t")
                if header != HEADER:
                    errors.append(f"{name}:{n}: header {header!r}, expected {HEADER!r}")
                continue
            if not line.strip() or line.startswith("#"):
                continue
            rows.append((n, line.split("\t")))
    if header is None:
        errors.append(f"{name}: no header line")

    seen = {}
    forms_of = {}
    word_code = {}
    lemmas = set()
    with_object = 0
    flagged = {f: 0 for f in FLAGS}
    roots = set()
    for n, f in rows:
        where = f"{name}:{n}"
        if len(f) != len(HEADER):
            errors.append(f"{where}: {len(f)} fields, expected {len(HEADER)}")
            continue
        lemma, forms, code, obj, flags, _note = f
        if not lemma or lemma != lemma.lower() or not LEMMA_RE.match(lemma):
            errors.append(f"{where}: bad lemma {lemma!r}")
        lemmas.add(lemma)
        check_list(where, "forms", forms, errors)
        if code not in codes:
            errors.append(f"{where}: code {code!r} is not in cameo-codes.tsv")
        else:
            roots.add(code[:2])
        words = check_list(where, "object", obj, errors)
        if words:
            with_object += 1
        for flag in split_list(flags):
            if flag not in FLAGS:
                errors.append(f"{where}: unknown flag {flag!r} (allowed: {', '.join(sorted(FLAGS))})")
            else:
                flagged[flag] += 1
        key = (lemma, frozenset(words))
        if key in seen:
            errors.append(f"{where}: duplicate (lemma, object) pair {lemma!r} / {obj!r}, first at line {seen[key]}")
        else:
            seen[key] = n
        forms_of.setdefault(lemma, set()).add(forms)
        for w in words:
            prev = word_code.get((lemma, w))
            if prev is None:
                word_code[(lemma, w)] = (code, n)
            elif prev[0] != code:
                warnings.append(f"{where}: {lemma!r} object word {w!r} -> {code} is shadowed by line {prev[1]} ({prev[0]})")
    for lemma, fs in sorted(forms_of.items()):
        if len(fs) > 1:
            warnings.append(f"{name}: lemma {lemma!r} has differing forms {sorted(fs)!r}")

    print(f"{name}: {len(rows)} rows, {len(lemmas)} lemmas, {with_object} with an object condition, "
          f"flags: " + ", ".join(f"{k} {v}" for k, v in sorted(flagged.items())) +
          f"; CAMEO roots covered: {len(roots)}/20" +
          (f" (missing {', '.join(sorted({'%02d' % i for i in range(1, 21)} - roots))})" if len(roots) < 20 else ""))
    for e in errors:
        print("ERROR", e)
    if warnings:
        shown = warnings if verbose else warnings[:10]
        for w in shown:
            print("warning", w)
        if len(shown) < len(warnings):
            print(f"... {len(warnings) - len(shown)} more warnings (-v to list all)")
    return len(errors)


def main(argv):
    verbose = "-v" in argv[1:]
    files = [a for a in argv[1:] if a != "-v"]
    if not files:
        files = [os.path.join(HERE, f) for f in DEFAULT_FILES]
        files = [f for f in files if os.path.exists(f) or f.endswith("verbs-en.tsv")]
    codes = load_codes()
    total = 0
    for path in files:
        if not os.path.exists(path):
            print(f"ERROR {path}: not found")
            total += 1
            continue
        total += lint(path, codes, verbose)
    print("OK" if total == 0 else f"{total} error(s)")
    return 0 if total == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
