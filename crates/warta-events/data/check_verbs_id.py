#!/usr/bin/env python3
"""Lint verbs-id.tsv, the Indonesian verb dictionary of warta-events.

Usage:
    python3 crates/warta-events/data/check_verbs_id.py [-v] [FILE]

Without FILE it checks verbs-id.tsv beside this script.

Format (TSV, UTF-8, optional leading '#' comment lines, then one header line):
    root  active  passive  code  object  flags  note

Errors (exit status 1):
  - header is not exactly the seven columns above; a row without seven fields;
  - empty or non-lower-case root;
  - a row with neither active nor passive forms; empty, repeated or upper-case items
    in a form list; a passive form that does not start with di- or ter-;
  - code that is not a 3- or 4-digit string whose first two digits are 01-20, or (when
    cameo-codes.tsv is beside this script) a code missing from it;
  - object items that are empty, upper case or not a single word;
  - flags outside {mutual, speech, intent, given};
  - a surface form (active or passive) listed in two rows that do not have distinct
    object conditions: two rows without an object, or two rows with the same set of
    object words.

Warnings (printed, exit status unaffected; all of them with -v):
  - an object word listed for the same surface form in two rows with different codes
    (the engine tries object rows in file order, so the later row is shadowed for it);
  - an object word ending in -nya (the engine strips -nya before comparing);
  - 'speech' on a row with an object condition (the engine never emits a speech row's
    own code, so the object row would be useless).

Standard library only.
"""
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "verbs-id.tsv")
CODES = os.path.join(HERE, "cameo-codes.tsv")
HEADER = ["root", "active", "passive", "code", "object", "flags", "note"]
FLAGS = {"mutual", "speech", "intent", "given"}
CODE_RE = re.compile(r"^\d{3,4}$")
WORD_RE = re.compile(r"^[^\W_][\w\-]*$")


def load_codes():
    if not os.path.exists(CODES):
        return None
    codes, header = set(), None
    with open(CODES, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if header is None:
                header = line
                continue
            codes.add(line.split("\t")[0])
    return codes


def items(value):
    return value.split("|") if value != "" else []


def norm_form(form):
    return " ".join(form.split()).lower()


def main(argv):
    verbose = "-v" in argv[1:]
    args = [a for a in argv[1:] if a != "-v"]
    path = args[0] if args else DEFAULT
    name = os.path.basename(path)
    codes = load_codes()
    errors, warnings = [], []

    header, rows = None, []
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
            if not line.strip():
                continue
            if line.startswith("#"):
                errors.append(f"{name}:{n}: comment line after the header")
                continue
            rows.append((n, line.split("\t")))
    if header is None:
        errors.append(f"{name}: no header line")

    # surface form -> list of (line, frozenset(object), code)
    senses = defaultdict(list)
    roots, code_count, flag_count = set(), Counter(), Counter()
    with_object = 0
    for n, f in rows:
        where = f"{name}:{n}"
        if len(f) != len(HEADER):
            errors.append(f"{where}: {len(f)} fields, expected {len(HEADER)}")
            continue
        root, active, passive, code, obj, flags, _note = f
        if not root.strip() or root != root.lower() or root != root.strip():
            errors.append(f"{where}: bad root {root!r}")
        roots.add(root)

        forms = []
        for what, value in (("active", active), ("passive", passive)):
            lst = items(value)
            for it in lst:
                if it.strip() == "" or it != it.strip():
                    errors.append(f"{where}: empty or padded item in {what} {value!r}")
                elif it != it.lower():
                    errors.append(f"{where}: {what} form {it!r} is not lower case")
                elif what == "passive" and not (it.startswith("di") or it.startswith("ter")):
                    errors.append(f"{where}: passive form {it!r} does not start with di- or ter-")
            if len(set(lst)) != len(lst):
                errors.append(f"{where}: repeated form in {what} {value!r}")
            forms.extend(norm_form(it) for it in lst if it.strip())
        if not forms:
            errors.append(f"{where}: neither active nor passive forms")

        if not CODE_RE.match(code) or not (1 <= int(code[:2]) <= 20):
            errors.append(f"{where}: code {code!r} is not a 3-4 digit CAMEO code with root 01-20")
        elif codes is not None and code not in codes:
            errors.append(f"{where}: code {code!r} is not in cameo-codes.tsv")
        else:
            code_count[code[:2]] += 1

        words = items(obj)
        for w in words:
            if w == "":
                errors.append(f"{where}: empty item in object {obj!r}")
            elif w != w.lower():
                errors.append(f"{where}: object word {w!r} is not lower case")
            elif not WORD_RE.match(w):
                errors.append(f"{where}: object word {w!r} is not a single word")
            elif w.endswith("nya") and len(w) > 5:
                warnings.append(f"{where}: object word {w!r} ends in -nya; the engine strips -nya itself")
        if len(set(words)) != len(words):
            errors.append(f"{where}: repeated object word in {obj!r}")
        if words:
            with_object += 1

        flag_list = items(flags)
        for fl in flag_list:
            if fl not in FLAGS:
                errors.append(f"{where}: unknown flag {fl!r} (allowed: {', '.join(sorted(FLAGS))})")
            else:
                flag_count[fl] += 1
        if "speech" in flag_list and words:
            warnings.append(f"{where}: 'speech' on an object row; the engine never emits a speech row's code")

        for form in set(forms):
            senses[form].append((n, frozenset(words), code))

    for form, lst in sorted(senses.items()):
        plain = [n for n, ws, _ in lst if not ws]
        if len(plain) > 1:
            errors.append(f"{name}: form {form!r} has rows without an object at lines {plain}")
        seen = {}
        for n, ws, _ in lst:
            if ws and ws in seen:
                errors.append(f"{name}:{n}: form {form!r} repeats the object condition of line {seen[ws]}")
            seen.setdefault(ws, n)
        first = {}
        for n, ws, code in lst:
            for w in sorted(ws):
                if w in first and first[w][0] != code:
                    warnings.append(f"{name}:{n}: form {form!r} object word {w!r} -> {code} "
                                    f"is shadowed by line {first[w][1]} ({first[w][0]})")
                first.setdefault(w, (code, n))

    covered = sorted(code_count)
    missing = sorted({"%02d" % i for i in range(1, 21)} - set(covered))
    print(f"{name}: {len(rows)} rows, {len(roots)} roots, {len(senses)} surface forms, "
          f"{with_object} rows with an object condition; flags: "
          + ", ".join(f"{k} {flag_count[k]}" for k in sorted(FLAGS))
          + f"; CAMEO roots covered: {len(covered)}/20"
          + (f" (missing {', '.join(missing)})" if missing else ""))
    print("rows per root: " + " ".join(f"{k}:{code_count[k]}" for k in covered))
    for e in errors:
        print("ERROR", e)
    shown = warnings if verbose else warnings[:15]
    for w in shown:
        print("warning", w)
    if len(shown) < len(warnings):
        print(f"... {len(warnings) - len(shown)} more warnings (-v to list all)")
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
