"""scenario.yaml read safely: a size limit, no anchors or aliases, no repeated keys, a depth limit, and
dates left as text for the loader to check.

PyYAML's safe loader expands aliases (a "billion laughs" file of a few hundred bytes fills the
memory), keeps the last of two equal keys without a word, and turns ``date: 2020-02-30`` into a
``ValueError`` while parsing. ``read_yaml`` refuses the first two and leaves dates and times as
the text written, so that ``routing.scenario.values`` can say which field holds a day that does
not exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from routing.errors import ScenarioError

MAX_YAML_BYTES = 1_048_576  # 1 MiB: the 70,000-worker zone's scenario.yaml is 15 KB
MAX_YAML_DEPTH = 16  # mappings and lists nested in one another (the deepest key in use is at 4)

TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Refused(yaml.YAMLError):
    """Something the strict loader does not read; the message says what and where."""


class StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses anchors, aliases, repeated keys and deep nesting, and reads timestamps as text."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(f"YAML aliases are not allowed (*{event.anchor} on line {line}); write the value out")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(f"YAML anchors are not allowed (&{anchor} on line {line}); write the value out")
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _Refused(f"nested more than {MAX_YAML_DEPTH} levels deep (line {line})")
            return super().compose_node(parent, index)  # type: ignore[no-untyped-call]
        finally:
            self._depth -= 1

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        out = super().construct_mapping(node, deep=deep)
        if len(out) < len(node.value):
            seen: list[Any] = []
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
                if key in seen:
                    line = key_node.start_mark.line + 1
                    raise _Refused(f"key {str(key)!r} is given twice in one mapping (line {line})")
                seen.append(key)
        return out


# implicit timestamps off: dates and times stay the text written
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _timestamp_as_text(loader: StrictLoader, node: ScalarNode) -> str:
    return str(loader.construct_scalar(node))


StrictLoader.add_constructor(TIMESTAMP, _timestamp_as_text)


def read_yaml(path: Path) -> dict[str, Any]:
    """The mapping in scenario.yaml.

    Raises
    ------
    ScenarioError
        With one problem naming the file: missing, larger than ``MAX_YAML_BYTES``, not UTF-8, not
        valid YAML (with anchors, aliases or a repeated key, or nested too deep), or not a mapping.
    """
    if not path.is_file():
        raise ScenarioError([f"{path}: file is missing" if not path.exists() else f"{path}: is not a file"])
    with path.open("rb") as f:
        data = f.read(MAX_YAML_BYTES + 1)
    if len(data) > MAX_YAML_BYTES:
        raise ScenarioError([f"{path}: is larger than {MAX_YAML_BYTES:,} bytes (1 MB), the most that is read"])
    try:
        doc = yaml.load(data.decode("utf-8"), Loader=StrictLoader)  # a SafeLoader subclass
    except _Refused as e:
        raise ScenarioError([f"{path}: {e}"]) from None
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError) as e:
        first = (str(e).splitlines() or [type(e).__name__])[0]
        raise ScenarioError([f"{path}: not valid YAML ({first})"]) from None
    if not isinstance(doc, dict):
        raise ScenarioError([f"{path}: must be a mapping of keys to values"])
    return doc
