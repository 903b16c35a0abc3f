#!/usr/bin/env python3
"""Convert one OpenStax CNXML module (index.cnxml) into the Study Buddy test-corpus format.

Usage: python3 scripts/openstax_section.py path/to/index.cnxml OUTDIR [--commit SHA] [--chapter N --section N.M]

Writes OUTDIR/<module>-<slug>.txt, .gold.json and .review.json exactly like
../shared/corpus/text/ (stdlib only); docs/heldout/ was made with it.

Text rules (reverse-engineered from the corpus):
  * "# <title>" (title kept as in CNXML, whitespace collapsed, trailing space kept), blank line;
  * body paragraphs one per line, whitespace collapsed; lists as "- item" (nested lists are
    folded into their parent item);
  * each <section> becomes "##"/"###"/... with one blank line before the heading;
  * figures (with captions), tables, media and notes (feature boxes, interactive links) are dropped;
    cross-reference <link>s without text leave their surroundings as they are, e.g. "()";
  * end-of-section sections (summary, multiple-choice, free-response, ...) go to the json files.
"""

import argparse
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://cnx.rice.edu/cnxml}"
MD = "{http://cnx.rice.edu/mdml}"
REPO = "openstax/osbooks-anatomy-physiology"
BOOK = "Anatomy and Physiology 2e"
DEFAULT_COMMIT = "f3a1239631d5cc525e4b46874b6cdc3ca4fda15a"

# Module order per chapter from collections/anatomy-and-physiology-2e.collection.xml
# (first module of each chapter is its introduction = section N.0).
CHAPTERS = [
    "m45981 m45983 m45985 m45986 m45988 m45989 m45990 m45991",
    "m45996 m45998 m46000 m46004 m46006 m46008",
    "m46016 m46021 m46023 m46073 m46032 m46034 m46036",
    "m46045 m46046 m46048 m46049 m46055 m46057 m46058",
    "m46059 m46060 m46062 m46064 m46066",
    "m46290 m46341 m46282 m46281 m46301 m46342 m46305 m46295",
    "m46347 m46344 m46355 m46352 m46350 m46348",
    "m46370 m46374 m46368 m46375 m46364 m46376",
    "m46402 m46383 m46403 m46381 m46394 m46398 m46377 m46388",
    "m46450 m46473 m46476 m46447 m46470 m46480 m46438 m46404 m46478 m46407",
    "m46492 m46487 m46498 m46484 m46485 m46495 m46482",
    "m46504 m46500 m46509 m46531 m46526 m46503",
    "m46528 m46535 m46533 m46719 m46553",
    "m46561 m46577 m46557 m46574",
    "m46590 m46582 m46579 m46581 m46587",
    "m46593 m46594 m46650 m46607 m46640 m46604",
    "m46682 m46656 m46667 m46699 m46700 m46687 m46684 m46693 m46670 m46685 m46680 m46658",
    "m46703 m46710 m46691 m46707 m46701 m46705 m46708",
    "m46679 m46676 m46664 m46661 m46672 m46673",
    "m46600 m46597 m46635 m46586 m46603 m46646 m46610",
    "m46573 m46563 m46571 m46560 m46558 m46569 m46566 m46583",
    "m46523 m46548 m46551 m46549 m46521 m46545 m46524 m46518",
    "m46505 m46506 m46502 m46511 m46517 m46512 m46496 m46501",
    "m46458 m46489 m46451 m46462 m46493 m46466 m46456 m46467",
    "m46430 m46432 m46427 m46429 m46431 m46433 m46443 m46435 m46424 m46434 m46446",
    "m46415 m46411 m46416 m46414 m46409 m46413",
    "m46385 m46400 m46392 m46408",
    "m46339 m46308 m46319 m46316 m46353 m46335 m46325 m46311",
]

# Section classes that are not body text (end-of-module material).
END_CLASSES = {
    "summary",
    "multiple-choice",
    "free-response",
    "review-questions",
    "critical-thinking",
    "key-terms",
    "section-summary",
    "interactive-exercise",
}
# Elements dropped wherever they occur in the body.
DROP = {"figure", "table", "media", "note", "image", "exercise", "glossary", "metadata", "caption"}


def locate(module):
    for ch, mods in enumerate(CHAPTERS, start=1):
        lst = mods.split()
        if module in lst:
            return ch, f"{ch}.{lst.index(module)}"
    return None, None


def tag(el):
    t = el.tag
    if t.startswith(NS):
        return t[len(NS) :]
    if t.startswith(MD):
        return "md:" + t[len(MD) :]
    return t


def collapse(s):
    return re.sub(r"\s+", " ", s)


def inline_text(el, drop=DROP | {"list", "title", "label"}):
    """Text of an inline element, skipping dropped children (their tails are kept)."""
    parts = [el.text or ""]
    for c in el:
        if tag(c) not in drop:
            parts.append(inline_text(c, drop))
        parts.append(c.tail or "")
    return "".join(parts)


def item_text(item):
    """A list item's text with nested lists folded in (corpus style)."""
    parts = [item.text or ""]
    for c in item:
        t = tag(c)
        if t == "list":
            for sub in c.findall(NS + "item"):
                parts.append(" " + item_text(sub) + " ")
        elif t not in DROP and t not in ("title", "label"):
            parts.append(inline_text(c, DROP | {"title", "label"}))
        parts.append(c.tail or "")
    return collapse("".join(parts)).strip()


def body_lines(container, depth, out):
    for el in container:
        t = tag(el)
        if t in DROP or t == "title":
            continue
        if t == "section":
            if (el.get("class") or "").strip() in END_CLASSES:
                continue
            title = el.find(NS + "title")
            head = collapse(inline_text(title)).strip() if title is not None else ""
            out.append("")
            out.append("#" * (depth + 1) + " " + head)
            body_lines(el, depth + 1, out)
        elif t == "para":
            s = collapse(inline_text(el)).strip()
            if s:
                out.append(s)
            # lists nested inside a paragraph
            for sub in el.findall(NS + "list"):
                body_lines([sub], depth, out)
        elif t == "list":
            for item in el.findall(NS + "item"):
                s = item_text(item)
                if s:
                    out.append("- " + s)
        elif t in ("equation", "quote", "preformat", "code", "div"):
            s = collapse(inline_text(el)).strip()
            if s:
                out.append(s)
        else:
            s = collapse(inline_text(el)).strip()
            if s:
                out.append(s)


def paras_text(el):
    return [collapse(inline_text(p)).strip() for p in el.iter(NS + "para")]


def exercises(section):
    res = []
    for ex in section.findall(NS + "exercise"):
        prob = ex.find(NS + "problem")
        sol = ex.find(NS + "solution")
        q = " ".join(s for s in (collapse(inline_text(p)).strip() for p in prob.findall(NS + "para")) if s)
        opts = []
        lst = prob.find(".//" + NS + "list")
        if lst is not None:
            opts = [item_text(i) for i in lst.findall(NS + "item")]
        ans = ""
        if sol is not None:
            ans = "\n".join(s for s in paras_text(sol) if s)
        res.append((q, opts, ans))
    return res


def convert(path, outdir, commit=DEFAULT_COMMIT, chapter=None, section=None):
    root = ET.parse(path).getroot()
    raw_title = root.find(NS + "title").text or ""
    title_line = collapse(raw_title)
    title = title_line.strip()
    meta = root.find(NS + "metadata")
    module = meta.find(MD + "content-id").text.strip()
    if chapter is None:
        chapter, section = locate(module)
    abstract = meta.find(MD + "abstract")
    objectives = []
    if abstract is not None:
        for item in abstract.iter(NS + "item"):
            objectives.append(item_text(item))

    content = root.find(NS + "content")
    lines = ["# " + title_line, ""]
    body = []
    body_lines(content, 1, body)
    if body and body[0] == "":
        body = body[1:]
    lines += body
    text = "\n".join(lines) + "\n"

    summary, mcq, crit = "", [], []
    for sec in content.iter(NS + "section"):
        cls = (sec.get("class") or "").strip()
        if cls == "summary":
            summary = "\n".join(s for s in paras_text(sec) if s)
        elif cls == "multiple-choice":
            for q, opts, ans in exercises(sec):
                letter = ans.strip().upper()[:1]
                idx = ord(letter) - ord("A") if letter else -1
                mcq.append(
                    {
                        "question": q,
                        "options": opts,
                        "answer": letter,
                        "answer_text": opts[idx] if 0 <= idx < len(opts) else "",
                    }
                )
        elif cls == "free-response":
            for q, _opts, ans in exercises(sec):
                crit.append({"question": q, "answer": ans})

    key_terms = []
    gl = root.find(NS + "glossary")
    if gl is not None:
        for d in gl.findall(NS + "definition"):
            term = collapse(inline_text(d.find(NS + "term"))).strip()
            meaning = " ".join(collapse(inline_text(m)).strip() for m in d.findall(NS + "meaning"))
            key_terms.append({"term": term, "definition": meaning})

    slug = re.sub(r"[^a-z0-9]+", "-", title_line.lower())
    base = os.path.join(outdir, f"{module}-{slug}")
    gold = {
        "module": module,
        "title": title,
        "book": BOOK,
        "chapter": chapter,
        "section": section,
        "origin": {"repo": REPO, "commit": commit, "path": f"modules/{module}/index.cnxml"},
        "license": "CC BY-NC-SA 4.0",
        "attribution": (
            "© Rice University. Textbook content produced by OpenStax, "
            "https://openstax.org/details/books/anatomy-and-physiology-2e (CC BY-NC-SA 4.0). "
            f"Section {section} “{title}”."
        ),
        "learning_objectives": objectives,
        "summary": summary,
        "multiple_choice": mcq,
        "critical_thinking": crit,
        "key_terms": key_terms,
    }
    review = [{"question": m["question"], "options": m["options"], "answer": m["answer"]} for m in mcq]
    with open(base + ".txt", "w", encoding="utf-8") as f:
        f.write(text)
    with open(base + ".gold.json", "w", encoding="utf-8") as f:
        f.write(json.dumps(gold, ensure_ascii=False, indent=1) + "\n")
    with open(base + ".review.json", "w", encoding="utf-8") as f:
        f.write(json.dumps(review, ensure_ascii=False, indent=1))
    return base


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cnxml")
    ap.add_argument("outdir")
    ap.add_argument("--commit", default=DEFAULT_COMMIT, help="repository commit the cnxml was taken from")
    ap.add_argument("--chapter", type=int)
    ap.add_argument("--section")
    a = ap.parse_args(argv)
    os.makedirs(a.outdir, exist_ok=True)
    print(convert(a.cnxml, a.outdir, a.commit, a.chapter, a.section))


if __name__ == "__main__":
    sys.exit(main())
