#!/usr/bin/env python3
"""Optional cross-check of ClaimLens exports with the reference Python readers.

Not part of `cargo test` (which needs neither Python nor the network): run it by hand or in a
CI job that has the packages. Each check is skipped, with a message, when its package is not
installed; the script fails only when an installed reader rejects an export.

    pip install spacy brat-parser          # optional
    cargo build --bin claimlens
    python3 .ci/check-exports.py [path/to/claimlens]

- spaCy: the `spacy` JSONL `ents` go through `Doc.char_span` (strict alignment to spaCy's
  tokens is not required: `alignment_mode="expand"`) and `offsets_to_biluo_tags`, the span
  groups into `Doc.spans`, and the document into a `DocBin`; the CoNLL export goes through
  spaCy's own `conll_ner_to_docs` converter (what `spacy convert --converter ner` runs).
- brat: the `.ann` is read with `brat_parser`; every text-bound annotation's text must equal
  its fragments of the `.txt` joined by one space (brat's DISCONT_SEP).
"""

import json
import os
import subprocess
import sys
import tempfile

ARTICLE = (
    "Zürich: NATO asks Ünal Şahin for 5% 🚀\n\n"
    "On Feb. 11, 2025, Pete Hegseth said in 東京 that NATO members must spend 5% of GDP,\n"
    "about $500 billion, on defence. The mayor of Zürich disagreed 👩‍👩‍👧."
)


def run(binary, *args):
    out = subprocess.run([binary, *args], check=True, capture_output=True, text=True)
    return out.stdout


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join("target", "debug", "claimlens")
    failures = 0
    with tempfile.TemporaryDirectory() as d:
        art = os.path.join(d, "article.txt")
        with open(art, "w", encoding="utf-8") as f:
            f.write(ARTICLE)
        proj = os.path.join(d, "p.claimlens.ron")
        run(binary, "project", "new", art, "-o", proj)
        # One claim crossing a line break, as an imported doccano label.
        quote = "NATO members must spend 5% of GDP,\nabout $500 billion"
        start = ARTICLE.index(quote)
        ann = os.path.join(d, "claims.jsonl")
        with open(ann, "w", encoding="utf-8") as f:
            f.write(json.dumps({"text": ARTICLE, "label": [[start, start + len(quote), "defence"]]}) + "\n")
        run(binary, "project", "import", proj, "--annotations", ann, "--format", "doccano")

        try:
            import spacy
            from spacy.tokens import DocBin
            from spacy.training import offsets_to_biluo_tags
            from spacy.training.converters import conll_ner_to_docs
        except ImportError:
            print("spaCy not installed: spaCy checks skipped")
        else:
            line = json.loads(run(binary, "project", "export", proj, "--format", "spacy"))
            nlp = spacy.blank("xx")
            doc = nlp.make_doc(line["text"])
            ents = []
            for e in line["ents"]:
                span = doc.char_span(e["start"], e["end"], label=e["label"], alignment_mode="expand")
                assert span is not None, e
                ents.append(span)
            doc.ents = ents
            offsets_to_biluo_tags(doc, [(e["start"], e["end"], e["label"]) for e in line["ents"]])
            for group, spans in line["spans"].items():
                doc.spans[group] = [
                    doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="expand")
                    for s in spans
                ]
            assert line["spans"]["claims"], "the imported claim is exported"
            DocBin(docs=[doc], store_user_data=True).to_bytes()
            conll = run(binary, "project", "export", proj, "--format", "conll")
            docs = conll_ner_to_docs(conll, n_sents=10, no_print=True)
            labels = {e.label_ for d_ in docs for e in d_.ents}
            assert "PERSON" in labels and "PERCENT" in labels, labels
            print(f"spaCy {spacy.__version__}: spacy JSONL and CoNLL exports accepted")

        try:
            from brat_parser import get_entities_relations_attributes_groups
        except ImportError:
            print("brat_parser not installed: brat check skipped")
        else:
            base = os.path.join(d, "out")
            run(binary, "project", "export", proj, "--format", "brat", "-o", base)
            with open(base + ".txt", encoding="utf-8") as f:
                txt = f.read()
            entities, _, attributes, _ = get_entities_relations_attributes_groups(base + ".ann")
            assert entities, "no entities read"
            for e in entities.values():
                want = " ".join(txt[s:t] for s, t in e.span)
                if want != e.text:
                    print(f"brat: {e.id} text {e.text!r} != {want!r}")
                    failures += 1
            assert any(e.type == "Claim" and len(e.span) == 2 for e in entities.values()), "multi-line claim"
            print(f"brat_parser: {len(entities)} text-bound annotations, {len(attributes)} attributes read")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
