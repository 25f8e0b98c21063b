#!/usr/bin/env python3
"""Writes the utf8-lines smoke fixtures. Expected output is computed here with Python's own UTF-8 decoder and
json module (an implementation independent of ours), applying the documented output rules: one {"line": ...}
per LF-terminated line and for a final unterminated line, RFC 8259 escaping with U+2028/U+2029 escaped too;
on invalid UTF-8 the lines before the bad byte, then an error object at the bad byte's offset, exit 65."""
import json, os, random

HERE = os.path.dirname(os.path.abspath(__file__))

def line_json(text):
    body = json.dumps({"line": text}, ensure_ascii=False, separators=(",", ":"))
    return body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")

def write(name, data, chunks, description):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "input.bin"), "wb") as f:
        f.write(data)
    out, status = [], 0
    try:
        text = data.decode("utf-8")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        out = [line_json(l) for l in lines]
    except UnicodeDecodeError as e:
        # Only used with a byte that is impossible on its own (0xFF), where Python's error start is that byte.
        good = data[: e.start].decode("utf-8")
        out = [line_json(l) for l in good.split("\n")[:-1]]
        out.append(json.dumps({"error": {"code": "invalid-utf8", "message": "byte is not valid UTF-8 here", "offset": e.start}}, separators=(",", ":")))
        status = 65
    with open(os.path.join(folder, "expected.ndjson"), "w", encoding="utf-8") as f:
        f.write("".join(l + "\n" for l in out))
    manifest = {"format": 1, "codec": "utf8-lines", "description": description,
                "source": "Fixtures/utf8-lines/record.py (Python json + utf-8 codec as reference)",
                "input": "input.bin", "chunks": chunks, "expected": "expected.ndjson", "exit": status}
    with open(os.path.join(folder, "fixture.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")

def split(data, seed):
    rng = random.Random(seed)
    chunks, left = [], len(data)
    while left:
        n = min(left, rng.randint(1, 9))
        chunks.append(n)
        left -= n
    return chunks

mixed = ("plain ascii line\n" "quotes \" and backslash \\ and /\n" "controls \x00\x01\x08\x0c\t\r\x1f end\n"
         "Zürich café 東京 😀\n" "separators \u2028 and \u2029 here\n" "\n" "final line without newline é").encode("utf-8")
write("mixed", mixed, split(mixed, 1), "mixed scripts, escapes, an empty line, a final unterminated line; multi-byte characters split across chunks")
bad = "first line ok\nsecond ünïcode\nthird has ".encode("utf-8") + b"\xff" + b" after\n"
write("invalid-byte", bad, split(bad, 2), "0xFF in the third line: the two complete lines, then invalid-utf8 at its offset")
