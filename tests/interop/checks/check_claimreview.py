"""schema.org ClaimReview read with Python's json: each review carries what Google requires
(url, claimReviewed, reviewRating with a rating inside its scale or a name, author), its claim
appears in the article (its own URL when it has one).

usage: check_claimreview.py <claimreview export .jsonld> <expect.json> <with url: 0|1>
"""
import json
import sys

from common import done, expectations, fail

expected = expectations(sys.argv[2])
need_url = sys.argv[3] == "1"
with open(sys.argv[1], encoding="utf-8") as f:
    reviews = json.load(f)
if not isinstance(reviews, list):
    fail("not a JSON array of reviews")
with_url = 0
for r in reviews:
    if r.get("@context") != "https://schema.org" or r.get("@type") != "ClaimReview":
        fail(f"not a schema.org ClaimReview: {r}")
    for key in ("claimReviewed", "reviewRating", "author", "itemReviewed", "datePublished"):
        if not r.get(key):
            fail(f"review of {r.get('claimReviewed')!r}: no {key}")
    if "url" in r:
        with_url += 1
        if not r["url"].startswith(("https://", "http://")):
            fail(f"url {r['url']!r} is not an address")
    elif need_url:
        fail(f"review of {r['claimReviewed']!r}: no url")
    rating = r["reviewRating"]
    if not (rating.get("alternateName") or rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]):
        fail(f"review of {r['claimReviewed']!r}: rating {rating}")
    if not r["author"].get("name"):
        fail(f"review of {r['claimReviewed']!r}: the author has no name")
    claim = r["itemReviewed"]
    if claim.get("@type") != "Claim":
        fail(f"review of {r['claimReviewed']!r}: itemReviewed is not a Claim")
    where = claim["appearance"]["url"]
    article = next((a for a in expected.values() if r["claimReviewed"] in a["text"] and (a["url"] or f"urn:sourcemark:article:{a['id']}") == where), None)
    if article is None:
        fail(f"review of {r['claimReviewed']!r}: appears at {where}, which is not its article (by its URL when it has one)")
done(reviews=len(reviews), with_url=with_url)
