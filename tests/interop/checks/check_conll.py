"""CoNLL read by a strict IOB2 reader: the header states how sentences meet spans, every token
line has TOKEN START END and one tag per label, the token is the text at its offsets (code
points), no sentence starts an entity with I- and no I-X follows anything but B-X or I-X, and
the entities read back are the fixture's fragments (those not on token boundaries widened).

usage: check_conll.py <conll export> <expect.json> <sentence rule>
"""
import re
import sys

from common import done, expectations, fail

expected = expectations(sys.argv[2])
rule = sys.argv[3]
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    lines = f.read().split("\n")
m = re.fullmatch(r"# sourcemark conll: columns = TOKEN START END((?: \S+)+)", lines[0])
if not m:
    fail(f"line 1 is not the columns header: {lines[0]!r}")
columns = m.group(1).split()
header = [l for l in lines if l.startswith("# ") and not l.startswith(("# doc_id", "# title", "# widened", "# left_out"))]
if not any("strict IOB2" in l for l in header) or not any(rule in l for l in header):
    fail(f"the header comment does not state strict IOB2 and the sentence rule: {header}")

docs, doc, sentence = {}, None, []
sentences = tokens = 0


def close(sentence):
    """Checks one sentence's tags, column by column, and collects its entities."""
    global sentences
    if not sentence:
        return
    sentences += 1
    for c, name in enumerate(columns):
        entity = None
        for n, (start, end, tags) in sentence:
            tag = tags[c]
            if tag == "O":
                entity = None
                continue
            m = re.fullmatch(r"([BI])-(.+)", tag)
            if not m or m.group(2).upper() != name:
                fail(f"line {n}: tag {tag!r} in the {name} column")
            if m.group(1) == "I":
                if entity is None:
                    fail(f"line {n}: {tag} does not continue an entity (strict IOB2: an entity starts with B-)")
                entity[2] = end
            else:
                entity = [m.group(2), start, end]
                doc["entities"].append(entity)


for n, line in enumerate(lines[1:], 2):
    if line.startswith("# doc_id = "):
        close(sentence)
        sentence = []
        doc = docs[line[len("# doc_id = "):]] = {"entities": []}
        doc["text"] = expected[line[len("# doc_id = "):]]["text"]
    elif line.startswith("#"):
        continue
    elif line == "":
        close(sentence)
        sentence = []
    else:
        if doc is None:
            fail(f"line {n}: a token before any # doc_id")
        cells = line.split("\t")
        if len(cells) != 3 + len(columns):
            fail(f"line {n}: {len(cells)} columns, expected {3 + len(columns)}: {line!r}")
        token, start, end = cells[0], int(cells[1]), int(cells[2])
        if not token or token != token.strip() or any(ch.isspace() for ch in token):
            fail(f"line {n}: the token {token!r} is empty or holds whitespace")
        if doc["text"][start:end] != token:
            fail(f"line {n}: token {token!r}, the text at {start}-{end} is {doc['text'][start:end]!r}")
        sentence.append((n, (start, end, cells[3:])))
        tokens += 1
close(sentence)

for id_, want in expected.items():
    if id_ not in docs:
        fail(f"article {id_} is missing")
    got = sorted(tuple(e) for e in docs[id_]["entities"])
    aligned = sorted((f["label"], f["start"], f["end"]) for f in want["fragments"] if f["aligned"])
    rest = [f for f in want["fragments"] if not f["aligned"]]
    extra = [e for e in got if e not in aligned]
    if sorted(set(aligned) - set(got)):
        fail(f"{id_}: entities missing: {sorted(set(aligned) - set(got))}")
    if len(extra) != len(rest) or any(not any(e[0] == f["label"] and e[1] <= f["start"] and e[2] >= f["end"] for e in extra) for f in rest):
        fail(f"{id_}: entities {extra} are not the widened fragments {rest}")
done(docs=len(docs), sentences=sentences, tokens=tokens, entities=sum(len(d["entities"]) for d in docs.values()))
