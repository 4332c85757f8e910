"""spaCy: every exported text rebuilds from its tokens with Doc(words, spaces), whitespace is laid
out as spaCy's own tokenizer lays it out, and every span maps with doc.char_span.

usage: check_spacy.py <spacy export .jsonl> <expect.json>
"""
import sys

import spacy
from spacy.tokens import Doc, SpanGroup

from common import done, expectations, fail, read_jsonl

lines = read_jsonl(sys.argv[1])
expected = expectations(sys.argv[2])
nlp = spacy.blank("en")  # the tokenizer's rules for whitespace are the same in every language
spans = tokens = 0
for line in lines:
    id_ = line["meta"]["id"]
    text = line["text"]
    want = expected.pop(id_, None)
    if want is None:
        fail(f"{id_}: not an article of the fixture (or written twice)")
    if text != want["text"]:
        fail(f"{id_}: the text differs from the article's")
    words = [t["text"] for t in line["tokens"]]
    spaces = [t["ws"] for t in line["tokens"]]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    if doc.text != text:
        fail(f"{id_}: Doc(words, spaces) gives {len(doc.text)} characters, the text has {len(text)}")
    for tok, t in zip(doc, line["tokens"]):
        if (tok.i, tok.idx, tok.idx + len(tok.text)) != (t["id"], t["start"], t["end"]) or text[t["start"]:t["end"]] != t["text"]:
            fail(f"{id_}: token {t['id']} {t['text']!r} says {t['start']}-{t['end']}, spaCy puts it at {tok.idx}")
    # Whitespace as spaCy's tokenizer makes it: the same whitespace tokens, the same trailing spaces.
    ref = nlp(text)
    ours = ({(t.idx, t.text) for t in doc if t.is_space}, {t.idx + len(t.text) for t in doc if t.whitespace_})
    theirs = ({(t.idx, t.text) for t in ref if t.is_space}, {t.idx + len(t.text) for t in ref if t.whitespace_})
    if ours[0] != theirs[0]:
        fail(f"{id_}: whitespace tokens differ from spaCy's: ours {sorted(ours[0] - theirs[0])}, spaCy's {sorted(theirs[0] - ours[0])}")
    if ours[1] != theirs[1]:
        fail(f"{id_}: trailing spaces differ from spaCy's at {sorted(ours[1] ^ theirs[1])}")
    # Every span is on token boundaries, with inclusive token_end (as Prodigy writes it).
    group = []
    for s in line["spans"]:
        span = doc.char_span(s["start"], s["end"], label=s["label"])
        if span is None:
            fail(f"{id_}: doc.char_span({s['start']}, {s['end']}) is None for {s['label']} {text[s['start']:s['end']]!r}")
        if (span.start, span.end - 1) != (s["token_start"], s["token_end"]):
            fail(f"{id_}: span {s['start']}-{s['end']} is tokens {span.start}..{span.end - 1}, the file says {s['token_start']}..{s['token_end']}")
        group.append(span)
    doc.spans["sc"] = SpanGroup(doc, name="sc", spans=group)
    # Every fragment of the article is there: exactly when it lies on token boundaries, covered when not.
    for f in want["fragments"]:
        cover = [s for s in line["spans"] if s["label"] == f["label"] and s["start"] <= f["start"] and s["end"] >= f["end"]]
        if not cover:
            fail(f"{id_}: no {f['label']} span covers {f['text']!r} ({f['start']}-{f['end']})")
        if f["aligned"]:
            if doc.char_span(f["start"], f["end"]) is None:
                fail(f"{id_}: doc.char_span does not map {f['label']} {f['text']!r} ({f['start']}-{f['end']})")
            if not any((s["start"], s["end"]) == (f["start"], f["end"]) for s in cover):
                fail(f"{id_}: {f['label']} {f['text']!r} was widened though it lies on token boundaries")
    if len(line["spans"]) != len(want["fragments"]):
        fail(f"{id_}: {len(line['spans'])} spans for {len(want['fragments'])} fragments")
    for r in line["relations"]:
        for end in ("head", "child"):
            s = r[f"{end}_span"]
            if r[end] != s["token_start"] or doc.char_span(s["start"], s["end"]) is None:
                fail(f"{id_}: relation {r['label']}: its {end} is not its span's first token")
    spans += len(line["spans"])
    tokens += len(doc)
if expected:
    fail(f"articles missing from the export: {sorted(expected)}")
done(docs=len(lines), spans=spans, tokens=tokens)
