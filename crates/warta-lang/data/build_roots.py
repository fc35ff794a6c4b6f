#!/usr/bin/env python3
"""Derive roots-id.txt from UD Indonesian lemmas (run by hand, never at build or run time).

Usage: python3 data/build_roots.py ../../../shared/data/ud-indonesian
writes data/roots-id.txt and data/lemmas-id.tsv beside this script.

Reads only the derivation splits: UD_Indonesian-CSUI train and UD_Indonesian-GSD dev
(both CC BY-SA 4.0). The test splits (GSD test, CSUI test, PUD test) are kept for
evaluation and are never read here.

A lemma becomes a root when:
  * it is letters (with inner hyphens), at least 2 characters, lower-cased;
  * its word is not punctuation, a number, a symbol or foreign (UPOS PUNCT/NUM/SYM/X);
  * the same string, met as a word form, is lemmatised to itself at least as often
    as to something else. This drops lemmas on which the treebanks disagree
    (GSD keeps "pemerintah", CSUI reduces it to "perintah"): the stemmer then
    finds them by stripping affixes, the conventional analysis.

lemmas-id.tsv lists word forms whose lemma is not the form itself, met at least twice
(not as proper nouns), with the lemma given to at least 60% of their occurrences:
"ia -> dia", "mempunyai -> punya". The stemmer looks these up before stripping affixes.
Only distinct word and lemma strings are written, no sentences.
"""
import collections
import os
import re
import sys

SPLITS = ["id_csui-ud-train.conllu", "id_gsd-ud-dev.conllu"]
# ROOT_SPLITS=id_csui-ud-train.conllu lets development measure on GSD dev with a list
# that has not seen it; the shipped list uses both splits.
if os.environ.get("ROOT_SPLITS"):
    SPLITS = os.environ["ROOT_SPLITS"].split(",")
WORD = re.compile(r"^[a-z]+(-[a-z]+)*$")


def main(folder):
    lemma_count = collections.Counter()
    form_lemmas = collections.defaultdict(collections.Counter)
    form_to = collections.defaultdict(collections.Counter)
    for name in SPLITS:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 4 or not cols[0].isdigit():
                    continue  # multiword-token ranges and empty nodes
                form, lemma, upos = cols[1].lower(), cols[2].lower(), cols[3]
                if upos in ("PUNCT", "NUM", "SYM", "X"):
                    continue
                form_to[form][lemma] += 1
                if upos != "PROPN" and WORD.match(form) and WORD.match(lemma):
                    form_lemmas[form][lemma] += 1
                if WORD.match(lemma) and len(lemma) >= 2:
                    lemma_count[lemma] += 1
    roots = []
    for lemma in lemma_count:
        seen = form_to.get(lemma)
        if seen:
            itself = seen[lemma]
            other = sum(seen.values()) - itself
            if other > itself:
                continue
        roots.append(lemma)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "roots-id.txt"), "w", encoding="utf-8") as out:
        for r in sorted(roots):
            out.write(r + "\n")
    with open(os.path.join(here, "lemmas-id.tsv"), "w", encoding="utf-8") as out:
        for form in sorted(form_lemmas):
            c = form_lemmas[form]
            total = sum(c.values())
            lemma, n = c.most_common(1)[0]
            if lemma != form and total >= 2 and n >= 0.6 * total:
                out.write(f"{form}\t{lemma}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../../../shared/data/ud-indonesian")
