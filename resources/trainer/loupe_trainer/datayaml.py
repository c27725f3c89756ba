"""data.yaml reading without PyYAML (not a dependency we may assume): the subset Loupe and Ultralytics write —
top-level `key: value`, a `names:` block or inline list/dict, `train`/`val` as a string or inline list.
Imports nothing beyond the standard library, so the Ultralytics driver can use it too."""

from __future__ import annotations

import ast
from typing import Dict, List, Optional


def _scalar(text: str) -> object:
    """Parses one YAML scalar or inline collection of the simple kind data.yaml files use."""
    text = text.strip()
    if not text:
        return None
    if text[0] in "[{" or text[0] in "'\"":
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError):
            # YAML flow lists may hold bare words: [a, b]
            if text[0] == "[" and text[-1] == "]":
                return [p.strip().strip("'\"") for p in text[1:-1].split(",") if p.strip()]
            return text.strip("'\"")
    return text


def _strip_comment(line: str) -> str:
    out, quote = [], ""
    for ch in line:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            break
        out.append(ch)
    return "".join(out).rstrip()


def read_data_yaml(path: str) -> Dict[str, object]:
    """Reads a data.yaml: returns its top-level keys; `names` becomes a list ordered by class index."""
    with open(path, "r", encoding="utf-8") as f:
        lines = [_strip_comment(l) for l in f.read().splitlines()]
    result: Dict[str, object] = {}
    current: Optional[str] = None
    block: List[str] = []

    def close_block() -> None:
        if current is not None and block:
            if all(b.lstrip().startswith("- ") for b in block):
                result[current] = [_scalar(b.lstrip()[2:]) for b in block]
            else:
                mapping: Dict[object, object] = {}
                for b in block:
                    k, _, v = b.strip().partition(":")
                    key: object = int(k) if k.strip().isdigit() else k.strip().strip("'\"")
                    mapping[key] = _scalar(v)
                result[current] = mapping

    for line in lines:
        if not line.strip():
            continue
        if line[0] in " \t-":
            block.append(line)
            continue
        close_block()
        block = []
        key, _, value = line.partition(":")
        current = key.strip()
        if value.strip():
            result[current] = _scalar(value)
            current = None
    close_block()
    names = result.get("names")
    if isinstance(names, dict):
        result["names"] = [str(names[k]) for k in sorted(names, key=lambda k: int(k))]  # type: ignore[arg-type]
    return result
