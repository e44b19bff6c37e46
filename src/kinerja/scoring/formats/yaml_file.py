"""Reading and writing instrument YAML files, exactly and with located errors.

Numbers are read from their source text: ``0.66`` becomes ``Decimal("0.66")`` and never passes
through a binary float. Only YAML 1.2 style scalars are numbers or booleans, so ``ref: 010`` stays
the text "010" and ``yes``/``on`` stay words. Every problem is reported with its file and line:
``pekppp.yaml:123: aspects[0].indicators[2].weight: <pesan>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from ..model.errors import InstrumentError, LocatedError, format_loc
from ..model.numbers import decimal_text
from ..model.schema import Instrument

__all__ = [
    "dump_instrument_yaml",
    "instrument_to_data",
    "load_instrument_file",
    "load_instrument_text",
    "validate_instrument_data",
]

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"


class _ExactResolver(Resolver):
    """YAML 1.2 core scalars: no octal, sexagesimal, yes/no booleans or implicit dates."""


_ExactResolver.yaml_implicit_resolvers = {
    first: [
        (tag, regexp) for tag, regexp in resolvers if tag not in {_INT, _FLOAT, _BOOL, _TIMESTAMP}
    ]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
_ExactResolver.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_ExactResolver.add_implicit_resolver(
    _INT, re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
_ExactResolver.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


class _ExactConstructor(SafeConstructor):
    def construct_exact_int(self, node: ScalarNode) -> int | Decimal:
        text = str(self.construct_scalar(node)).replace("_", "")
        if len(text) > 30:
            return Decimal(text)  # refused by the schema's bounds, never turned into a huge int
        return int(text)

    def construct_exact_float(self, node: ScalarNode) -> Decimal:
        # From the source text: "0.66" -> Decimal("0.66"); ".inf" -> Infinity, refused later.
        text = str(self.construct_scalar(node)).replace("_", "").lower()
        text = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}.get(
            text, text
        )
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the resolver only lets numbers through
            return Decimal("NaN")


_ExactConstructor.add_constructor(_INT, _ExactConstructor.construct_exact_int)
_ExactConstructor.add_constructor(_FLOAT, _ExactConstructor.construct_exact_float)


# Limits on what a YAML text may make the loader build. An alias bomb (anchors of anchors) of
# 2.7 KB expands to a billion nodes; the shipped instruments have at most ~2,500 nodes, no
# aliases and a depth of 11.
MAX_YAML_CHARS = 5 * 1024 * 1024
MAX_YAML_DEPTH = 40
MAX_YAML_ALIASES = 1000
MAX_YAML_NODES = 200_000


class _LimitedComposer(Composer):
    """A composer that refuses deep nesting and too many aliases while it builds the tree."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.aliases = 0

    def compose_node(self, parent: Node | None, index: object) -> Node:
        if self.check_event(AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise _limit_error(
                    self.peek_event(), f"terlalu banyak alias (*), paling banyak {MAX_YAML_ALIASES}"
                )
        self.depth += 1
        try:
            if self.depth > MAX_YAML_DEPTH:
                raise _limit_error(
                    self.peek_event(),
                    f"bertingkat terlalu dalam, paling banyak {MAX_YAML_DEPTH} tingkat",
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _LimitError(Exception):
    def __init__(self, line: int | None, column: int | None, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _limit_error(event: Any, message: str) -> _LimitError:
    mark = getattr(event, "start_mark", None)
    if mark is None:
        return _LimitError(None, None, message)
    return _LimitError(mark.line + 1, mark.column + 1, message)


def _expanded_size(root: Node) -> int:
    """Nodes the document has once every alias is expanded (shared nodes counted per use)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in sizes:
            continue
        children: list[Node] = []
        if isinstance(node, MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        if ready:
            sizes[id(node)] = min(1 + sum(sizes[id(c)] for c in children), MAX_YAML_NODES + 1)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


class _Loader(Reader, Scanner, Parser, _LimitedComposer, _ExactConstructor, _ExactResolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _LimitedComposer.__init__(self)
        _ExactConstructor.__init__(self)
        _ExactResolver.__init__(self)


def validate_instrument_data(data: Any) -> Instrument:
    """Validate plain data (dicts, lists, Decimals) into an Instrument.

    Raises ``InstrumentError`` (file ``<data>``, no lines) listing every problem.
    """
    try:
        return Instrument.model_validate(data)
    except ValidationError as exc:
        raise InstrumentError(
            [
                LocatedError("<data>", None, None, format_loc(error["loc"]), error["msg"])
                for error in exc.errors()
            ]
        ) from None


def load_instrument_text(text: str, *, filename: str = "<teks>") -> Instrument:
    """Parse and validate YAML text; ``InstrumentError`` lists every problem with its line.

    Refuses, before building anything big, a text over ``MAX_YAML_CHARS``, nesting deeper than
    ``MAX_YAML_DEPTH``, more than ``MAX_YAML_ALIASES`` aliases, and a document that would expand
    to more than ``MAX_YAML_NODES`` nodes; a NUL or other non-printable character is refused by
    the reader with its line.
    """
    if len(text) > MAX_YAML_CHARS:
        raise InstrumentError(
            [LocatedError(filename, None, None, "", "berkas terlalu besar (maksimal 5 MB)")]
        )
    errors: list[LocatedError] = []
    loader = None
    try:
        try:
            loader = _Loader(text)
            root = loader.get_single_node()
            if root is None:
                raise InstrumentError([LocatedError(filename, 1, 1, "", "berkas kosong")])
            if _expanded_size(root) > MAX_YAML_NODES:
                raise InstrumentError(
                    [
                        LocatedError(
                            filename,
                            None,
                            None,
                            "",
                            f"berkas mengembang menjadi lebih dari {MAX_YAML_NODES} simpul "
                            "(alias bertumpuk); tulis isinya tanpa alias",
                        )
                    ]
                )
            errors.extend(_duplicate_keys(root, filename))
            data = loader.construct_document(root)
        except _LimitError as exc:
            raise InstrumentError(
                [LocatedError(filename, exc.line, exc.column, "", exc.message)]
            ) from None
        except yaml.reader.ReaderError as exc:
            line = text.count("\n", 0, exc.position) + 1
            column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
            raise InstrumentError(
                [
                    LocatedError(
                        filename,
                        line,
                        column,
                        "",
                        f"karakter tidak diperbolehkan #x{exc.character:04x}",
                    )
                ]
            ) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            column = mark.column + 1 if mark else None
            problem = " ".join(part for part in (exc.context, exc.problem) if part)
            raise InstrumentError(
                [LocatedError(filename, line, column, "", f"sintaks YAML salah: {problem}")]
            ) from None
        except yaml.YAMLError as exc:
            raise InstrumentError(
                [LocatedError(filename, None, None, "", f"YAML: {exc}")]
            ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        raise InstrumentError(
            [
                LocatedError(
                    filename, 1, 1, "", "isi berkas harus pemetaan (code, version, title, ...)"
                )
            ]
        )
    try:
        instrument = Instrument.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            line, column = _locate(root, error["loc"])
            errors.append(
                LocatedError(filename, line, column, format_loc(error["loc"]), error["msg"])
            )
    if errors:
        errors.sort(key=lambda e: (e.line or 0, e.column or 0))
        raise InstrumentError(errors)
    return instrument


def load_instrument_file(path: str | Path) -> Instrument:
    """Read an instrument YAML file (UTF-8); errors name the file by its base name."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InstrumentError(
            [LocatedError(path.name, None, None, "", f"berkas bukan UTF-8 ({exc.reason})")]
        ) from None
    return load_instrument_text(text, filename=path.name)


def _duplicate_keys(root: Node, filename: str) -> list[LocatedError]:
    # PyYAML silently keeps the last of two equal keys; a duplicated `weight:` is a typo to report.
    errors = []
    stack = [root]
    seen_nodes: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, MappingNode):
            keys: dict[str, Node] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    if key.value in keys and key.value != "<<":
                        first = keys[key.value].start_mark.line + 1
                        errors.append(
                            LocatedError(
                                filename,
                                key.start_mark.line + 1,
                                key.start_mark.column + 1,
                                key.value,
                                f"kunci '{key.value}' ditulis dua kali (pertama di baris {first})",
                            )
                        )
                    keys.setdefault(key.value, key)
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return errors


def _locate(root: Node, loc: Iterable[str | int]) -> tuple[int, int]:
    """Line and column (1-based) of the YAML node a validation path points at.

    Path parts that are not in the document (union tags, a missing key) leave the position at
    the enclosing node, which is where a missing key would have to be written.
    """
    node = root
    mark = root.start_mark
    for part in loc:
        if isinstance(node, MappingNode):
            match = None
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value == str(part):
                    match = (key, value)
            if match is None:
                continue
            key, node = match
            mark = node.start_mark if isinstance(node, ScalarNode) else key.start_mark
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1


# ------------------------------------------------------------------------------------ writing


def instrument_to_data(instrument: Instrument) -> dict[str, Any]:
    """Plain data (dicts, lists, Decimals) of an instrument, in a stable readable order.

    Feeding the result back to ``Instrument.model_validate`` gives an equal instrument. Optional
    values left at their default are omitted to keep files short, except the few that readers
    expect to see spelled out (stage flags, aspect weight modes, aggregation, ...).
    """
    return _plain(instrument)


# Fields written even when they hold their default, because a reader looks for them there.
_ALWAYS: dict[str, frozenset[str]] = {
    "Instrument": frozenset({"family", "locale", "provisional", "aggregation", "missing"}),
    "Component": frozenset({"source"}),
    "Scale": frozenset({"min"}),
    "Aggregation": frozenset({"method", "trim", "zscore"}),
    "Aspect": frozenset({"weights"}),
    "EvidenceSlot": frozenset({"required"}),
    "Stage": frozenset(
        {
            "can_edit_self",
            "can_upload_evidence",
            "can_score",
            "see_other_scores",
            "results_visible",
        }
    ),
    "RatioRule": frozenset({"kind", "cap"}),
    "ThresholdRule": frozenset({"kind"}),
}
_TAGGED = frozenset(
    {"LevelAnswer", "ChoiceAnswer", "YesNoAnswer", "NumberAnswer", "PointsAnswer", "TextAnswer"}
)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        kind = type(value).__name__
        always = _ALWAYS.get(kind, frozenset())
        out: dict[str, Any] = {}
        for name, field in type(value).model_fields.items():
            item = getattr(value, name)
            if name == "answer_type":
                continue
            if name == "answer" and getattr(value, "answer_type", None):
                out[name] = value.answer_type  # the shared answer type, by name
                continue
            if kind in _TAGGED and name == "type":
                out[name] = item
                continue
            if name not in always and (
                item is None
                or item in ((), {})
                or (not field.is_required() and item == field.default)
            ):
                continue
            out[name] = _plain(item)
        return out
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


class _Dumper(yaml.SafeDumper):
    """Readable YAML: short all-scalar mappings inline, long text as literal blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # repeated values are written out, never as &anchors

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write them by hand.
        super().increase_indent(flow, False)


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = decimal_text(value)
    return dumper.represent_scalar(_FLOAT if "." in text else _INT, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar(_STR, value, style="|")
    return dumper.represent_str(value)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | Decimal | bool) and "\n" not in str(value)


def _inline_length(data: Any) -> int:
    if isinstance(data, dict):
        return sum(len(str(k)) + _inline_length(v) + 4 for k, v in data.items()) + 2
    if isinstance(data, list | tuple):
        return sum(_inline_length(v) + 2 for v in data) + 2
    return len(str(data)) + 2


def _flow_ok(data: Any) -> bool:
    values = data.values() if isinstance(data, dict) else data
    for value in values:
        if isinstance(value, list | tuple):
            if not all(_is_scalar(v) for v in value):
                return False
        elif not _is_scalar(value):
            return False
    return _inline_length(data) <= 110


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.MappingNode:
    node = dumper.represent_mapping(_MAP, data.items())
    node.flow_style = _flow_ok(data)
    return node


def _represent_list(
    dumper: yaml.SafeDumper, data: list[Any] | tuple[Any, ...]
) -> yaml.SequenceNode:
    node = dumper.represent_sequence("tag:yaml.org,2002:seq", data)
    node.flow_style = all(_is_scalar(v) for v in data) and _inline_length(data) <= 90
    return node


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(tuple, _represent_list)


def dump_instrument_yaml(instrument: Instrument) -> str:
    """The instrument as YAML text: stable order, readable, read back to an equal instrument."""
    text = yaml.dump(
        instrument_to_data(instrument),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    # A blank line before each big section makes the file easy to scan.
    out: list[str] = []
    for line in text.splitlines():
        if out and line.split(":", 1)[0] in _SECTIONS:
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


_SECTIONS = frozenset(
    {"scale", "tags", "answer_types", "components", "aspects", "bands", "stages", "rounds"}
    | {"ranking", "awards"}
)
