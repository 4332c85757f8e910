"""Hugging Face datasets: load_dataset(<the dataset export folder>) loads every split with the
number of rows the card and the export say (a split without rows is not declared: the reader
refuses one), with exactly the card's features, and gives back every row as it was written.

usage: check_dataset.py <dataset export folder> <expect.json> <train> <validation> <test>
"""
import json
import os
import sys

import yaml
from datasets import Features, load_dataset

from common import done, expectations, fail, read_jsonl

folder = sys.argv[1]
expected = expectations(sys.argv[2])
sizes = dict(zip(["train", "validation", "test"], map(int, sys.argv[3:6])))

with open(os.path.join(folder, "README.md"), encoding="utf-8") as f:
    card = f.read()
if not card.startswith("---\n"):
    fail("README.md does not start with YAML front matter")
front = yaml.safe_load(card.split("---\n")[1])
declared = Features._from_yaml_list(front["dataset_info"]["features"])
card_sizes = {s["name"]: s["num_examples"] for s in front["dataset_info"]["splits"]}
filled = {name: n for name, n in sizes.items() if n > 0}
if card_sizes != filled:
    fail(f"the card's splits {card_sizes} are not the export's splits with rows {filled}")
if sorted(f["split"] for f in front["configs"][0]["data_files"]) != sorted(filled):
    fail(f"the card's data_files {front['configs'][0]['data_files']} are not the splits with rows {sorted(filled)}")

try:
    ds = load_dataset(folder)
except Exception as e:  # the reader's own message is the finding
    fail(f"load_dataset({folder!r}) failed: {type(e).__name__}: {e}")
if sorted(ds.keys()) != sorted(filled):
    fail(f"splits {sorted(ds.keys())}, expected {sorted(filled)}")
seen = set()
for name, n in filled.items():
    split = ds[name]
    if split.num_rows != n:
        fail(f"{name}: {split.num_rows} rows, expected {n}")
    if split.features != declared:
        fail(f"{name}: features {split.features} are not the card's {declared}")
    written = read_jsonl(os.path.join(folder, f"{name}.jsonl"))
    loaded = split.to_list()
    if loaded != written:
        first = next(i for i, (a, b) in enumerate(zip(loaded, written)) if a != b) if len(loaded) == len(written) else None
        fail(f"{name}: the rows load differently from how they were written (first at row {first})")
    for row in loaded:
        want = expected.get(row["id"])
        if want is None or row["text"] != want["text"]:
            fail(f"{name}: row {row['id']} is not the fixture's article")
        seen.add(row["id"])
        if row["offsets"] != "codepoint":
            fail(f"{row['id']}: offsets in {row['offsets']}")
        got = sorted((s["label"], f["start"], f["end"], f["text"]) for s in row["spans"] for f in s["fragments"])
        if got != sorted((f["label"], f["start"], f["end"], f["text"]) for f in want["fragments"]):
            fail(f"{row['id']}: the spans' fragments differ from the article's")
        for s in row["spans"]:
            for f in s["fragments"]:
                if row["text"][f["start"]:f["end"]] != f["text"]:
                    fail(f"{row['id']}: span {s['id']} says {f['text']!r}, the text at {f['start']}-{f['end']} is {row['text'][f['start']:f['end']]!r}")
if seen != set(expected):
    fail(f"articles missing from the dataset: {sorted(set(expected) - seen)}")
done(splits={name: ds[name].num_rows for name in ds}, columns=list(declared))
