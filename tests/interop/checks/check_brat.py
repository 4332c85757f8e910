"""brat standoff, read by brat's rules: every text-bound annotation's fragments (code points into
the .txt, read without newline translation) give the text the .ann line repeats, fragments joined
by one space as brat writes them; relations, events, attributes, normalisations and notes point
at annotations that exist; annotation.conf declares what the files use; and the fixture's spans,
links and events are all there.

usage: check_brat.py <brat export folder> <expect.json>
"""
import os
import re
import sys
from collections import Counter

from common import done, expectations, fail

folder = sys.argv[1]
expected = expectations(sys.argv[2])
by_text = {a["text"]: a for a in expected.values()}

conf = open(os.path.join(folder, "annotation.conf"), encoding="utf-8").read()
sections, section = {}, None
for raw in conf.split("\n"):
    line = raw.strip()
    if not line or line.startswith("#"):
        continue
    m = re.fullmatch(r"\[(\w+)\]", line)
    if m:
        section = m.group(1)
        sections[section] = set()
    elif section:
        sections[section].add(re.split(r"[\t ]", line)[0].lstrip("!"))

docs = sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".txt"))
totals = Counter()
for stem in docs:
    with open(os.path.join(folder, stem + ".txt"), encoding="utf-8", newline="") as f:
        text = f.read()
    want = by_text.get(text)
    if want is None:
        fail(f"{stem}.txt is not the text of any article of the fixture")
    del by_text[text]
    ids, spans, relations, events = {}, [], 0, []
    with open(os.path.join(folder, stem + ".ann"), encoding="utf-8", newline="") as f:
        lines = [l for l in f.read().split("\n") if l]
    for n, line in enumerate(lines, 1):
        where = f"{stem}.ann line {n}"
        kind = line[0]
        if kind == "T":
            m = re.fullmatch(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)", line)
            if not m:
                fail(f"{where}: not a text-bound annotation: {line!r}")
            frags = [tuple(map(int, p.split())) for p in m.group(3).split(";")]
            for s, e in frags:
                if not 0 <= s < e <= len(text):
                    fail(f"{where}: fragment {s}-{e} is outside the text ({len(text)} code points)")
            if " ".join(text[s:e] for s, e in frags) != m.group(4):
                fail(f"{where}: says {m.group(4)!r}, the text at {m.group(3)} is {' '.join(text[s:e] for s, e in frags)!r}")
            if m.group(2) not in sections.get("entities", set()) | sections.get("events", set()):
                fail(f"{where}: label {m.group(2)} is not declared in annotation.conf")
            ids[m.group(1)] = (m.group(2), frags)
            spans.append((m.group(2), tuple(frags)))
        elif kind == "R":
            m = re.fullmatch(r"(R\d+)\t(\S+) \S+:(T\d+|E\d+) \S+:(T\d+|E\d+)", line)
            if not m or m.group(3) not in ids or m.group(4) not in ids:
                fail(f"{where}: not a relation between known annotations: {line!r}")
            if m.group(2) not in sections.get("relations", set()):
                fail(f"{where}: relation {m.group(2)} is not declared in annotation.conf")
            ids[m.group(1)] = None
            relations += 1
        elif kind == "E":
            m = re.fullmatch(r"(E\d+)\t(\S+?):(T\d+)((?: \S+?:(?:T|E)\d+)*)", line)
            if not m or m.group(3) not in ids:
                fail(f"{where}: not an event with a known trigger: {line!r}")
            args = [a.rsplit(":", 1) for a in m.group(4).split()]
            if any(ref not in ids for _, ref in args):
                fail(f"{where}: an argument is not a known annotation: {line!r}")
            if m.group(2) not in sections.get("events", set()):
                fail(f"{where}: event type {m.group(2)} is not declared in annotation.conf")
            ids[m.group(1)] = None
            events.append((m.group(2), sorted((re.sub(r"\d+$", "", role), tuple(text[s:e] for s, e in ids[ref][1])) for role, ref in args)))
        elif kind in "AM":
            # brat's own reading (server/src/annotation.py): type, target, then the value, which may hold spaces.
            m = re.fullmatch(r"([AM]\d+)\t(.+?) (.+?) (.+?)", line) or re.fullmatch(r"([AM]\d+)\t(.+?) (.+?)", line)
            if not m or m.group(3) not in ids:
                fail(f"{where}: not an attribute of a known annotation: {line!r}")
            if m.group(2) not in sections.get("attributes", set()):
                fail(f"{where}: attribute {m.group(2)} is not declared in annotation.conf")
            totals["attributes"] += 1
        elif kind == "N":
            m = re.fullmatch(r"N\d+\tReference ([TRE]\d+) \S+:\S+(?:\t.*)?", line)
            if not m or m.group(1) not in ids:
                fail(f"{where}: not a normalisation of a known annotation: {line!r}")
            totals["normalisations"] += 1
        elif kind == "#":
            m = re.fullmatch(r"#\d+\tAnnotatorNotes ([TRE]\d+)\t.*", line)
            if not m or m.group(1) not in ids:
                fail(f"{where}: not a note on a known annotation: {line!r}")
            totals["notes"] += 1
        else:
            fail(f"{where}: not a brat annotation line: {line!r}")
    got = Counter((label, frags) for label, frags in spans)
    for s in want["spans"]:
        key = (s["label"], tuple(tuple(f) for f in s["fragments"]))
        if got[key] == 0:
            fail(f"{stem}: the {s['label']} span {s['text']!r} ({s['fragments']}) is missing")
        got[key] -= 1
    for e in want["events"]:
        key = (e["type"], sorted((a["role"], tuple(a["text"])) for a in e["args"]))
        if key not in events:
            fail(f"{stem}: the {e['type']} event {key[1]} is missing (events written: {events})")
    if relations != want["links"]:
        fail(f"{stem}: {relations} relations for {want['links']} links")
    totals["spans"] += len(spans)
    totals["relations"] += relations
    totals["events"] += len(events)
if by_text:
    fail(f"articles missing from the export: {sorted(a['id'] for a in by_text.values())}")
done(docs=len(docs), **totals)
