#!/usr/bin/env python3
"""Checks a Debian copyright file in the machine-readable format (DEP-5): a header paragraph with
Format:, Files paragraphs with Files, Copyright and License, every license a Files paragraph names
spelled out in a stand-alone License paragraph (or in the paragraph itself), and Helr's own files
(Files: *) under MIT or Apache-2.0.
Usage: check-copyright.py FILE ; prints each problem, exits 1 if any."""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
problems = []


def paragraphs(content):
    """Each paragraph as {field: (first line, continuation lines)}; '.' lines are empty lines."""
    for block in re.split(r"\n\s*\n", content.strip()):
        fields, name = {}, None
        for line in block.split("\n"):
            if line[:1] in (" ", "\t") and name:
                fields[name][1].append(line.strip())
            elif ":" in line:
                name, value = line.split(":", 1)
                fields[name] = (value.strip(), [])
            else:
                problems.append(f"not a field or continuation line: {line!r}")
        yield fields


found = list(paragraphs(text))
header, rest = found[0], found[1:]
if not header.get("Format", ("",))[0].startswith("https://www.debian.org/doc/packaging-manuals/copyright-format/1.0"):
    problems.append("the first paragraph has no Format: naming copyright-format 1.0")
files = [p for p in rest if "Files" in p]
texts = {p["License"][0]: p["License"][1] for p in rest if "Files" not in p and "License" in p}
for p in files:
    for field in ("Copyright", "License"):
        if not p.get(field, ("",))[0]:
            problems.append(f"Files: {p['Files'][0]}: no {field}")
    expression, body = p.get("License", ("", []))
    for name in re.split(r"\s+(?:or|and)\s+", expression):
        if name and not body and not texts.get(name):
            problems.append(f"Files: {p['Files'][0]}: license {name} has no text (no stand-alone License: {name} paragraph)")
own = next((p for p in files if p["Files"][0] == "*"), None)
if own is None:
    problems.append("no Files: * paragraph for Helr's own files")
elif own["License"][0] != "MIT or Apache-2.0":
    problems.append(f"Files: * is under {own['License'][0]!r}, not 'MIT or Apache-2.0'")
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
