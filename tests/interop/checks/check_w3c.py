"""W3C Web Annotation read as JSON-LD data with Python's json: an AnnotationCollection whose items
are Annotations with the model's required fields, whose TextPositionSelector (code points) cuts
out the TextQuoteSelector's exact text with its prefix and suffix around it, and whose linking
annotations point at annotations of the collection.

usage: check_w3c.py <w3c export .jsonld> <expect.json>
"""
import json
import sys

from common import done, expectations, fail

expected = expectations(sys.argv[2])
by_source = {(a["url"] or f"urn:sourcemark:article:{a['id']}"): a for a in expected.values()}
with open(sys.argv[1], encoding="utf-8") as f:
    c = json.load(f)
if c.get("type") != "AnnotationCollection" or "http://www.w3.org/ns/anno.jsonld" not in c.get("@context", []):
    fail("not an AnnotationCollection with the Web Annotation context")
items = c["first"]["items"]
ids = {i["id"] for i in items}
if len(ids) != len(items):
    fail("annotation ids are not unique")
tagging = linking = 0
seen = set()
for i in items:
    for key in ("id", "type", "motivation", "body", "target"):
        if key not in i:
            fail(f"{i.get('id')}: no {key}")
    if i["type"] != "Annotation":
        fail(f"{i['id']}: type {i['type']}")
    if i["motivation"] == "linking":
        if not all(t in ids for t in i["target"]):
            fail(f"{i['id']}: links to an annotation that is not in the collection")
        linking += 1
        continue
    tagging += 1
    targets = i["target"] if isinstance(i["target"], list) else [i["target"]]
    for t in targets:
        article = by_source.get(t["source"])
        if article is None:
            fail(f"{i['id']}: source {t['source']} is no article of the fixture")
        seen.add(article["id"])
        text = article["text"]
        pos = next(s for s in t["selector"] if s["type"] == "TextPositionSelector")
        quote = next(s for s in t["selector"] if s["type"] == "TextQuoteSelector")
        if text[pos["start"]:pos["end"]] != quote["exact"]:
            fail(f"{i['id']}: the text at {pos['start']}-{pos['end']} is {text[pos['start']:pos['end']]!r}, exact is {quote['exact']!r}")
        if not text[:pos["start"]].endswith(quote["prefix"]) or not text[pos["end"]:].startswith(quote["suffix"]):
            fail(f"{i['id']}: prefix {quote['prefix']!r} or suffix {quote['suffix']!r} is not the text around {pos['start']}-{pos['end']}")
want_spans = sum(len(a["spans"]) for a in expected.values())
want_links = sum(a["links"] for a in expected.values())
if tagging != want_spans or linking < want_links:
    fail(f"{tagging} span annotations and {linking} links, expected {want_spans} and at least {want_links}")
done(annotations=len(items), spans=tagging, links=linking, articles=len(seen))
