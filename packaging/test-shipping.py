#!/usr/bin/env python3
"""Checks the shipping examples in docs/examples/shipping/ without the shippers installed: each config
is parsed (TOML, Alloy's River syntax, Fluent Bit's classic format), and must read Helr's output file
(the live name and the names Helr gives rotated files) and turn the `source` field into a label on
the way that reaches the sink. Prints PASS/FAIL lines; exits 1 on any failure."""
import fnmatch
import re
import sys
import tomllib
from pathlib import Path

LIVE = "/var/log/helr/events.ndjson"
# Names Helr's --output-rotate gives (docs/output.md): daily, size, and a taken name.
ROTATED = ["/var/log/helr/events.2024-05-01.ndjson", "/var/log/helr/events.2024-05-01T13-45-07.1.ndjson"]
failures = 0


def check(name, ok, detail=""):
    global failures
    print(f"{'PASS' if ok else 'FAIL'}: {name}{'' if ok else ': ' + detail}")
    failures += 0 if ok else 1


def reads_helr_file(globs):
    return all(any(fnmatch.fnmatchcase(p, g) for g in globs) for p in [LIVE, *ROTATED])


def vector(path):
    cfg = tomllib.loads(path.read_text())
    files = {k for k, v in cfg.get("sources", {}).items() if v.get("type") == "file" and reads_helr_file(v.get("include", []))}
    check("vector: a file source reads Helr's output and its rotated files", bool(files), str(cfg.get("sources")))
    parsers = {k for k, v in cfg.get("transforms", {}).items()
               if set(v.get("inputs", [])) & files and "parse_json" in v.get("source", "")}
    check("vector: a remap parses each line as JSON", bool(parsers))
    sinks = [v for v in cfg.get("sinks", {}).values() if set(v.get("inputs", [])) & parsers]
    check("vector: a sink after it labels streams with {{ source }}",
          any(s.get("labels", {}).get("source") == "{{ source }}" for s in sinks), str(sinks))


def river(text):
    """Parses River (Alloy's syntax) into [(block name, label, body)], body a list of
    (key, value) and nested blocks; values: str, number, bool, list, dict, or ('ref', 'a.b.c')."""
    text = re.sub(r"//[^\n]*", "", text)
    tokens = re.findall(r'"(?:[^"\\]|\\.)*"|[A-Za-z_][\w.]*|-?\d+(?:\.\d+)?|[{}\[\]=,]', text)
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take(expected=None):
        nonlocal pos
        tok = tokens[pos]
        if expected is not None and tok != expected:
            raise ValueError(f"expected {expected!r}, got {tok!r} at token {pos}")
        pos += 1
        return tok

    def value():
        tok = take()
        if tok.startswith('"'):
            return tok[1:-1]
        if tok == "[":
            items = []
            while peek() != "]":
                items.append(value())
                if peek() == ",":
                    take(",")
            take("]")
            return items
        if tok == "{":
            obj = {}
            while peek() != "}":
                key = take()
                key = key[1:-1] if key.startswith('"') else key
                take("=")
                obj[key] = value()
                if peek() == ",":
                    take(",")
            take("}")
            return obj
        if tok in ("true", "false"):
            return tok == "true"
        if re.fullmatch(r"-?\d+(?:\.\d+)?", tok):
            return float(tok)
        return ("ref", tok)

    def body(end):
        items = []
        while peek() != end:
            name = take()
            if peek() == "=":
                take("=")
                items.append((name, value()))
                continue
            label = take()[1:-1] if peek().startswith('"') else None
            take("{")
            items.append((name, label, body("}")))
            take("}")
        return items

    tokens.append(None)
    return body(None)


def alloy(path):
    blocks = {(b[0], b[1]): dict(i for i in b[2] if len(i) == 2) | {"_blocks": [i for i in b[2] if len(i) == 3]}
              for b in river(path.read_text())}
    match = [(label, attrs) for (name, label), attrs in blocks.items() if name == "local.file_match"]
    globs = [t.get("__path__", "") for _, attrs in match for t in attrs.get("path_targets", [])]
    check("alloy: local.file_match finds Helr's output and its rotated files", reads_helr_file(globs), str(globs))
    readers = [(label, attrs) for (name, label), attrs in blocks.items() if name == "loki.source.file"
               and attrs.get("targets") in [("ref", f"local.file_match.{m}.targets") for m, _ in match]]
    check("alloy: loki.source.file reads those targets", bool(readers))
    forwards = {r[1] for _, attrs in readers for r in attrs.get("forward_to", [])}
    processes = [attrs for (name, label), attrs in blocks.items()
                 if name == "loki.process" and f"loki.process.{label}.receiver" in forwards]
    stages = [(s[0], dict(i for i in s[2] if len(i) == 2)) for p in processes for s in p["_blocks"]]
    extracts = any(n == "stage.json" and a.get("expressions", {}).get("source") == "source" for n, a in stages)
    labels = any(n == "stage.labels" and "source" in a.get("values", {}) for n, a in stages)
    check("alloy: loki.process extracts the JSON field source and makes it a label", extracts and labels, str(stages))
    outputs = {r[1] for p in processes for r in p.get("forward_to", [])}
    check("alloy: it forwards to a loki.write", any(f"loki.write.{label}.receiver" in outputs
                                                     for (name, label) in blocks if name == "loki.write"), str(outputs))


def fluent_bit(path):
    sections, current = [], None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if m := re.fullmatch(r"\[(\w+)\]", line):
            current = (m.group(1).upper(), {})
            sections.append(current)
            continue
        key, _, val = line.partition(" ")
        if current is None or not val.strip():
            raise ValueError(f"fluent-bit: line outside a section or without a value: {raw!r}")
        current[1][key.lower()] = val.strip()
    inputs = [s for n, s in sections if n == "INPUT" and s.get("name") == "tail" and reads_helr_file([s.get("path", "")])]
    check("fluent-bit: a tail input reads Helr's output and its rotated files", bool(inputs), str(sections))
    check("fluent-bit: it parses each line as JSON", any(s.get("parser") == "json" for s in inputs))
    tags = {s.get("tag") for s in inputs}
    outputs = [s for n, s in sections if n == "OUTPUT" and fnmatch.fnmatchcase(next(iter(tags), ""), s.get("match", ""))]
    check("fluent-bit: an output matching its tag labels streams with $source",
          any("$source" in re.split(r"[,\s]+", s.get("label_keys", "")) for s in outputs), str(outputs))


root = Path(__file__).resolve().parent.parent / "docs/examples/shipping"
for name, fn in [("vector.toml", vector), ("alloy.river", alloy), ("fluent-bit.conf", fluent_bit)]:
    try:
        fn(root / name)
    except Exception as e:  # a config that does not parse is a failure of that config, not of the script
        check(f"{name} parses", False, f"{type(e).__name__}: {e}")
sys.exit(1 if failures else 0)
