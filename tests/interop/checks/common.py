"""What the interop checks share: reading the expectations, failing with a message, printing the summary."""
import json
import sys


def fail(message):
    """Stops the check: the message goes to stderr, the exit status is 1."""
    print(message, file=sys.stderr)
    sys.exit(1)


def expectations(path):
    """The fixture as the TypeScript side wrote it: articles by id (texts, fragments in code points)."""
    with open(path, encoding="utf-8") as f:
        return {a["id"]: a for a in json.load(f)["articles"]}


def read_jsonl(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [json.loads(line) for line in f.read().split("\n") if line.strip()]


def done(**summary):
    print(json.dumps(summary, ensure_ascii=False))
