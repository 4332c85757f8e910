"""CSV read with Python's csv module (UTF-8 with BOM, as the export writes it): every record has
the header's fields, every offsets column cuts its text column out of the article's text (code
points), and every quote of the fixture is in a row.

usage: check_csv.py <csv export> <expect.json>
"""
import csv
import sys

from common import done, expectations, fail

REQUIRED = ["article_id", "article_title", "article_url", "quote", "quote_type", "speaker_mention", "source", "cue", "offsets", "offset_unit"]
# Each offsets column and the text column it gives the place of (the latter two when present).
PLACES = [("offsets", "quote"), ("source_offsets", "speaker_mention"), ("cue_offsets", "cue")]
expected = expectations(sys.argv[2])
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    reader = csv.DictReader(f, strict=True)
    columns = reader.fieldnames or []
    rows = list(reader)
missing = [c for c in REQUIRED if c not in columns]
if missing:
    fail(f"columns {missing} are missing from {columns}")
got = set()
for n, row in enumerate(rows, 2):
    if None in row or any(v is None for v in row.values()):
        fail(f"record {n}: not {len(columns)} fields")
    article = expected.get(row["article_id"])
    if article is None:
        fail(f"record {n}: article {row['article_id']!r} is not in the fixture")
    text = article["text"]
    if row["offset_unit"] != "codepoint":
        fail(f"record {n}: offsets in {row['offset_unit']}")
    if row["article_url"] != (article["url"] or ""):
        fail(f"record {n}: article_url {row['article_url']!r}")
    for where, what in PLACES:
        if where not in columns or not row[where]:
            continue
        parts = []
        for piece in row[where].split(";"):
            s, e = map(int, piece.split("-"))
            parts.append(text[s:e])
        if " … ".join(parts) != row[what]:
            fail(f"record {n}: {what} {row[what]!r} is not the text at {where} {row[where]} ({parts!r})")
        if where == "offsets":
            got.add((row["article_id"], tuple(parts)))
want = {(a["id"], tuple(q)) for a in expected.values() for q in a["quotes"]}
if want - got:
    fail(f"quotes in no row: {sorted(want - got)}")
done(rows=len(rows), quotes=len(want), speakers=sum(1 for r in rows if r["speaker_mention"]), cues=sum(1 for r in rows if r["cue"]))
