#!/usr/bin/env python3
"""Make the document fixtures of tests/formats_in.rs from one openly licensed article.

Source: wikinews_questionnaire_2023-02-23.md (Wikinews, CC BY 2.5; see README.md here),
made from the team corpus's plain text with YAML front matter and one section heading
("Criticism") added. Everything below is generated from it with free tools:

  wikinews_questionnaire_2023-02-23.docx / .odt / .epub   pandoc (-f markdown-smart)
  wikinews_questionnaire_2023-02-23.pdf                   fpdf2 (PyPI), Noto Serif (assets/fonts)
  questionnaire_encrypted.pdf                             qpdf --encrypt (user password "claimlens")
  scanned_page.pdf                                        fpdf2: one page that is only an image

The PDF is two A4 pages: a running header ("Wikinews · Thursday, February 23, 2023") and a
footer ("Page N of 2") on each page, the headline large on page 1, the dateline, paragraphs
justified with soft hyphens in long words (fpdf2 breaks lines there and prints a hyphen: the
line-end hyphenation the importer must repair), the heading at 14 pt.

Needs: python3 with fpdf2 (pip install fpdf2), pandoc, qpdf (apt-get install pandoc qpdf).
Run from anywhere:  python3 tests/data/articles/make_fixtures.py
The outputs are committed; run this only to remake them (pandoc and fpdf2 versions are
printed; SOURCE_DATE_EPOCH is set so the archives carry the article's date, not today's).
"""

import datetime
import os
import re
import subprocess
import sys

from fpdf import FPDF
import fpdf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
FONTS = os.path.join(ROOT, "assets", "fonts")
STEM = "wikinews_questionnaire_2023-02-23"
MD = os.path.join(HERE, STEM + ".md")
DATE = datetime.datetime(2023, 2, 23, 9, 0, 0, tzinfo=datetime.timezone.utc)


def read_article():
    text = open(MD, encoding="utf-8").read()
    _, front, body = text.split("---\n", 2)
    meta = {}
    for line in front.strip().splitlines():
        k, v = line.split(":", 1)
        meta[k.strip()] = v.strip().strip('"')
    blocks = [b.strip() for b in body.split("\n\n") if b.strip()]
    return meta, blocks


def soft_hyphenate(text):
    """Soft hyphens inside long words, before a consonant that starts a syllable (V-CV)."""

    def word(m):
        w = m.group(0)
        if len(w) < 9:
            return w
        out = []
        vowels = "aeiouyAEIOUYé"
        for i, c in enumerate(w):
            if 3 <= i <= len(w) - 3 and w[i - 1] in vowels and c not in vowels and w[i + 1] in vowels:
                out.append("\u00ad")
            out.append(c)
        return "".join(out)

    return re.sub(r"[A-Za-zé]+", word, text)


class Article(FPDF):
    header_text = ""

    def header(self):
        self.set_font("Noto", "I", 9)
        self.cell(0, 6, self.header_text, align="C")
        self.ln(12)

    def footer(self):
        self.set_y(-15)
        self.set_font("Noto", "", 9)
        self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")


def make_pdf(meta, blocks):
    pdf = Article(format="A4")
    pdf.set_margins(22, 18, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("Noto", "", os.path.join(FONTS, "NotoSerif-Regular.ttf"))
    pdf.add_font("Noto", "B", os.path.join(FONTS, "NotoSerif-Bold.ttf"))
    pdf.add_font("Noto", "I", os.path.join(FONTS, "NotoSerif-Italic.ttf"))
    pdf.set_title(meta["title"])
    pdf.set_author(meta["author"])
    pdf.set_lang(meta["lang"])
    pdf.set_creation_date(DATE)
    pdf.set_creator("make_fixtures.py (fpdf2)")
    pdf.header_text = "Wikinews · " + blocks[0]
    pdf.add_page()
    pdf.set_font("Noto", "B", 18)
    pdf.multi_cell(0, 8.5, meta["title"], align="L")
    pdf.ln(3)
    pdf.set_font("Noto", "I", 10)
    pdf.multi_cell(0, 5, blocks[0], align="L")
    pdf.ln(3)
    for b in blocks[1:]:
        if b.startswith("## "):
            pdf.ln(2)
            pdf.set_font("Noto", "B", 14)
            pdf.multi_cell(0, 7, b[3:], align="L")
            pdf.ln(2)
            continue
        pdf.set_font("Noto", "", 10)
        pdf.multi_cell(0, 5, soft_hyphenate(b), align="J")
        pdf.ln(2.2)
    out = os.path.join(HERE, STEM + ".pdf")
    pdf.output(out)
    if pdf.page_no() != 2:
        sys.exit(f"the PDF has {pdf.page_no()} pages, not 2: adjust the layout")
    return out


def make_scan():
    """One A4 page holding only an image (grey lines standing for scanned text)."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (620, 877), 255)
    d = ImageDraw.Draw(img)
    for y in range(90, 820, 22):
        d.rectangle([60, y, 560 - (y * 7) % 90, y + 9], fill=70)
    path = os.path.join(HERE, "scan.png")
    img.save(path)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(path, x=0, y=0, w=210)
    pdf.set_creation_date(DATE)
    out = os.path.join(HERE, "scanned_page.pdf")
    pdf.output(out)
    os.remove(path)
    return out


def pandoc(fmt, extra=()):
    out = os.path.join(HERE, f"{STEM}.{fmt}")
    cmd = ["pandoc", "-f", "markdown-smart", "-s", MD, "-o", out, *extra]
    subprocess.run(cmd, check=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(int(DATE.timestamp()))})
    return out


def main():
    meta, blocks = read_article()
    print("fpdf2", fpdf.__version__)
    print(subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.splitlines()[0])
    pdf = make_pdf(meta, blocks)
    subprocess.run(
        ["qpdf", "--encrypt", "claimlens", "owner-secret", "256", "--", pdf, os.path.join(HERE, "questionnaire_encrypted.pdf")],
        check=True,
    )
    make_scan()
    pandoc("docx")
    pandoc("odt")
    # Chapters at level-2 headings: the heading starts the e-book's second chapter.
    pandoc("epub", ["--epub-chapter-level=2", "--metadata", "identifier=urn:claimlens:fixture:questionnaire"])
    for f in sorted(os.listdir(HERE)):
        if f.startswith(STEM) or f in ("questionnaire_encrypted.pdf", "scanned_page.pdf"):
            print(f"{os.path.getsize(os.path.join(HERE, f)):>8}  {f}")


if __name__ == "__main__":
    main()
