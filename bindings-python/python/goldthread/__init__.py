"""goldthread: goal-linked public budgeting.

Follow the golden thread from every budget line up through projects and programs to the
goals of a strategic plan, exactly. Every figure comes from the Rust core; this package
only converts. Amounts are :class:`decimal.Decimal`, ratios are floats.

>>> import goldthread
>>> plan = goldthread.Plan.from_json('''{"format": "goldthread/1", "name": "demo",
...   "precision": 0, "goals": [{"id": "G", "name": "Green city"}],
...   "programs": [{"id": "P", "name": "Parks", "goals": [{"goal": "G"}]}],
...   "budget_lines": [{"id": "L", "year": "1398", "amount": "۱۰۰",
...                     "funds": [{"program": "P", "share": "0.5"}]}]}''')
>>> report = plan.report()
>>> report.traceability.traced_amount
Decimal('50')
>>> report.traceability.leaks.line_partial
Decimal('50')
"""

from __future__ import annotations

import json
import os
import threading
from decimal import Decimal
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, TypeVar, Union

from . import _goldthread
from ._errors import GoldthreadError, PlanError, TraceError

__all__ = [
    "Plan",
    "Report",
    "Diff",
    "DIFF_TABLES",
    "Section",
    "check",
    "GoldthreadError",
    "PlanError",
    "TraceError",
    "PHASES",
    "schema",
    "TABLES",
    "LANGUAGES",
    "labels",
    "chart_text",
    "import_iati",
]
__version__: str = _goldthread.__version__

#: The phases of the budget cycle a report can use.
PHASES = tuple(_goldthread.PHASES)

#: The languages of readable reports: English (the default) and Persian.
LANGUAGES = ("en", "fa")


def labels(lang: str = "en") -> Dict[str, str]:
    """Every word of goldthread's reports in ``lang`` by key (``"section.goals"``), from
    the core's catalogue; English where the language lacks one.

    >>> labels("fa")["section.goals"]
    'اهداف'
    """
    return dict(_goldthread.labels(lang))


def chart_text(text: str, shape: Optional[bool] = None) -> str:
    """``text`` ready for a matplotlib label, so that Persian (or Arabic) letters are drawn
    joined and right to left.

    matplotlib 3.11 and later lay out such text themselves (libraqm): the text is returned
    as it is. Older matplotlib draws the letters apart and left to right: the text is then
    shaped and put in visual order first, which needs ``arabic-reshaper`` and
    ``python-bidi`` (``pip install goldthread[fa]``). ``shape`` forces either way.
    """
    if shape is None:
        shape = not _matplotlib_lays_out_text()
    if not shape or not any("\u0590" <= c <= "\u08ff" or "\ufb1d" <= c <= "\ufeff" for c in text):
        return text
    try:
        import arabic_reshaper
        from bidi.algorithm import get_display
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "chart_text needs arabic-reshaper and python-bidi: pip install goldthread[fa]"
        ) from e
    return get_display(arabic_reshaper.reshape(text))


def _matplotlib_lays_out_text() -> bool:
    """Whether the installed matplotlib shapes and orders right-to-left text (3.11+)."""
    try:
        import matplotlib
    except ImportError:
        return False
    major, minor = (int(p) for p in matplotlib.__version__.split(".")[:2])
    return (major, minor) >= (3, 11)


#: The tables of a report (SPEC §14) that :meth:`Report.to_arrow` and
#: :meth:`Report.to_pandas` give: the core's list.
TABLES = tuple(_goldthread.REPORT_TABLES)


def _decimals(keys: Iterable[str]) -> Callable[[Dict[str, Any]], Dict[str, Any]]:
    """A JSON object hook turning the decimal strings under `keys` into Decimal."""
    money = frozenset(keys)

    def hook(obj: Dict[str, Any]) -> Dict[str, Any]:
        for key, value in obj.items():
            if key in money and isinstance(value, str):
                obj[key] = Decimal(value)
        return obj

    return hook


# Report fields that hold money (decimal strings in JSON, Decimal in Python): the core's
# own list, so the contract is written once.
_AMOUNT_KEYS = frozenset(_goldthread.AMOUNT_FIELDS)
_amounts_to_decimal = _decimals(_AMOUNT_KEYS)


def _source(source: Union[str, bytes, os.PathLike]) -> Union[str, bytes]:
    if isinstance(source, (str, bytes)):
        return source
    if isinstance(source, os.PathLike):
        with open(source, "rb") as f:
            return f.read()
    raise TypeError(f"a plan is JSON given as str or bytes, not {type(source).__name__}")


#: How deep lists and dicts may nest in a plan (SPEC §8; the core's JSON reader's limit).
MAX_DEPTH: int = _goldthread.MAX_DEPTH

_T = TypeVar("_T")


def _interruptible(call: Callable[..., _T], *args: Any) -> _T:
    """``call(*args)`` in a worker thread, waited for in short steps, so that Ctrl-C
    (KeyboardInterrupt) ends the wait at once instead of when a long load ends; the native
    call holds no Python object, so it finishes in the background and its result is
    dropped."""
    done: Dict[str, Any] = {}

    def run() -> None:
        try:
            done["value"] = call(*args)
        except BaseException as e:  # handed to the caller's thread as it is
            done["error"] = e

    worker = threading.Thread(target=run, name="goldthread", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.05)
    if "error" in done:
        raise done["error"]
    return done["value"]


def _limits(limits: Optional[Mapping[str, int]]) -> Optional[Dict[str, int]]:
    if limits is None:
        return None
    if not isinstance(limits, Mapping):
        raise TypeError(f"limits is a dict such as {{'max_file_bytes': 10_000_000}}, not {type(limits).__name__}")
    return dict(limits)


def _plan_json(obj: Any, path: str = "", depth: int = 0) -> Any:
    """A plan dict made JSON-ready: Decimal becomes its exact string; a float is refused,
    because a float cannot hold money exactly; nesting deeper than :data:`MAX_DEPTH` is
    refused before Python's own recursion limit is near."""
    if depth > MAX_DEPTH:
        raise ValueError(
            f"{path}: a value nests deeper than {MAX_DEPTH} levels of lists and dicts; "
            "a plan never needs that many: flatten it"
        )
    if isinstance(obj, bool) or obj is None or isinstance(obj, (str, int)):
        return obj
    if isinstance(obj, float):
        raise TypeError(
            f"{path or 'value'} is a float ({obj!r}); floats cannot hold money exactly: "
            f"pass decimal.Decimal or str, e.g. Decimal('{obj}')"
        )
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, dict):
        return {str(k): _plan_json(v, f"{path}/{k}", depth + 1) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plan_json(v, f"{path}/{i}", depth + 1) for i, v in enumerate(obj)]
    raise TypeError(f"{path or 'value'}: cannot put a {type(obj).__name__} in a plan")


def _strings(name: str, values: Optional[Iterable[str]]) -> List[str]:
    if values is None:
        return []
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} is a list of strings, e.g. {name}=[{values!r}]")
    out = list(values)
    for v in out:
        if not isinstance(v, str):
            raise TypeError(f"{name} holds strings, not {type(v).__name__} ({v!r})")
    return out


def _phase(phase: str) -> str:
    # The name itself is checked by the core, which raises ValueError with its one message.
    if not isinstance(phase, str):
        raise TypeError(f"phase is a string, one of {', '.join(PHASES)}")
    return phase


def schema(kind: str) -> Dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a plan file (``"plan"``) or of a report's JSON
    (``"report"``), generated from goldthread's own types. It checks shape only: the rules
    of the plan (precision, unique ids, shares, dates) are the loader's."""
    return json.loads(_goldthread.schema_json(kind))


def import_iati(
    paths: Iterable[Union[str, os.PathLike]],
    *,
    fiscal_year_start: Optional[str] = None,
    split_budgets_by_days: bool = False,
    goals: str = "sector",
    exchange_rates: Optional[Union[str, os.PathLike]] = None,
    currency: Optional[str] = None,
    hierarchy: bool = False,
    with_summary: bool = False,
) -> Any:
    """A plan from IATI activity files (1.0x or 2.0x; SPEC §13): each activity a program
    linked to its DAC sectors by their percentages, its budgets and transactions one
    budget line per fiscal year (``fiscal_year_start="04-01"`` for a publisher whose year
    starts in April). ``goals`` picks the goal tree: ``"sector"``, ``"sector-category"``,
    ``"sdg"`` (the activities' SDG tags) or ``"budget-item"`` (their country budget
    items); the sectors and budget items that are not the goals become share
    classifications. ``exchange_rates`` (a CSV table ``currency,year,rate``) with
    ``currency`` converts values in other currencies to ``currency``, each rounded to the
    cent and counted in the summary; without them a second currency is an error.
    ``hierarchy=True`` makes each activity whose parent is imported a project of its top
    ancestor's program. A budget spanning fiscal years is refused unless
    ``split_budgets_by_days``. Problems raise :class:`PlanError` naming the file, the
    activity and the element; ``with_summary=True`` returns ``(plan, summary)``, the
    summary saying what was read and what could not be placed, with its amount."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files = []
    for p in paths:
        with open(p, "rb") as f:
            files.append((os.fspath(p), f.read()))
    rates = None
    if exchange_rates is not None or currency is not None:
        if exchange_rates is None or currency is None:
            raise ValueError("give exchange_rates (a CSV table) and currency (the plan's) together")
        with open(exchange_rates, encoding="utf-8") as f:
            rates = (currency, os.fspath(exchange_rates), f.read())
    native, summary = _interruptible(
        _goldthread.import_iati, files, fiscal_year_start, bool(split_budgets_by_days), goals, rates,
        bool(hierarchy),
    )
    plan = Plan(native)
    return (plan, summary) if with_summary else plan


def check(
    source: Union[str, bytes, os.PathLike], *, limits: Optional[Mapping[str, int]] = None
) -> List[Dict[str, Any]]:
    """Every diagnostic of a plan (JSON text, bytes or a path), errors and warnings.

    Each is a dict with ``code``, ``name``, ``severity``, ``message``, ``entity`` and
    ``path`` (and ``line``/``column`` for JSON syntax errors). ``limits`` as in
    :meth:`Plan.load`.
    """
    return json.loads(_interruptible(_goldthread.check_json, _source(source), _limits(limits)))


class Section:
    """A part of a report with attribute access (``report.traceability.leaks``)."""

    __slots__ = ("_data",)

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    def __getattr__(self, name: str) -> Any:
        try:
            return _wrap(self._data[name])
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: str) -> Any:
        return _wrap(self._data[key])

    def __dir__(self) -> List[str]:
        return list(self._data)

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(json.dumps(self._data, default=str), object_hook=_amounts_to_decimal)

    def __repr__(self) -> str:
        return f"Section({self._data!r})"


def _wrap(value: Any) -> Any:
    if isinstance(value, dict):
        return Section(value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


class _Document:
    """A JSON document of the core (a report, a diff) with attribute access to its parts,
    its amounts as Decimal (``_hook`` names them), and its readable forms."""

    _hook: Callable[[Dict[str, Any]], Dict[str, Any]]

    def __init__(self, native: Any) -> None:
        self._native = native
        self._data: Dict[str, Any] = json.loads(native.to_json(), object_hook=type(self)._hook)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return _wrap(self._data[name])
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self) -> List[str]:
        return list(self._data) + ["to_dict", "to_json", "to_pandas", "text", "markdown"]

    def to_dict(self) -> Dict[str, Any]:
        """As plain dicts and lists, amounts as Decimal (a fresh copy)."""
        return json.loads(self._native.to_json(), object_hook=type(self)._hook)

    def to_json(self) -> str:
        """As the core's JSON text (amounts as strings)."""
        return self._native.to_json()

    def text(self, lang: str = "en") -> str:
        """As aligned plain text, in ``lang`` (``"en"`` or ``"fa"``)."""
        return self._native.text(lang)

    def markdown(self, lang: str = "en") -> str:
        """As Markdown, in ``lang`` (``"en"`` or ``"fa"``)."""
        return self._native.markdown(lang)


class Report(_Document):
    """A goldthread report (SPEC §7): traceability, coverage, goals, programs, projects.

    ``report.to_dict()`` is the ``goldthread-report/1`` JSON with every amount a
    :class:`decimal.Decimal`; attributes give its parts (``report.coverage.covered_ratio``).
    """

    _hook = staticmethod(_amounts_to_decimal)

    def html(self, lang: str = "en") -> str:
        """The headline figures and the leaks and goals tables as an HTML fragment, in
        ``lang``; right to left in Persian."""
        return self._native.html(lang)

    def _repr_html_(self) -> str:
        return self._native.html()

    def __repr__(self) -> str:
        t = self._data["traceability"]
        ratio = t["amount_ratio"]
        # No ratio of a total at or below zero: said so, never shown as 0 %.
        shown = "no ratio" if ratio is None else f"{ratio:.1%}"
        return (
            f"<goldthread.Report {self._data['plan']!r}: traced {t['traced_amount']} of "
            f"{t['total_amount']} ({shown})>"
        )

    def to_arrow(self, table: str = "goals") -> Any:
        """One table of the report as a :class:`pyarrow.Table`, money as
        ``decimal128(38, precision)`` — never a float.

        ``table`` is one of :data:`TABLES`; the columns are the report's field names and
        each table's rows are the core's (SPEC §14), the same as ``goldthread report
        --format parquet`` writes. The table comes through the Arrow C stream interface,
        without a Python object per row; Polars and DuckDB take it too
        (``polars.DataFrame(report.to_arrow())``). pyarrow is imported only here.
        """
        try:
            import pyarrow as pa
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError(
                "Report.to_arrow needs pyarrow: pip install pyarrow (or goldthread[arrow])"
            ) from e
        return pa.table(self._native.table(table))

    def to_pandas(self, table: str = "goals", lang: Optional[str] = None) -> Any:
        """One table of the report as a pandas DataFrame, amounts as :class:`decimal.Decimal`.

        ``table`` is one of :data:`TABLES` (the rows and columns of :meth:`to_arrow`). The
        columns are the report's field names, or with ``lang="fa"`` their Persian names
        (the core's catalogue).
        """
        frame = self.to_arrow(table).to_pandas()
        if lang is not None:
            words = labels(lang)
            frame = frame.rename(columns={c: words.get(f"field.{c}", c) for c in frame.columns})
        return frame


_diff_amounts_to_decimal = _decimals(_goldthread.DIFF_AMOUNT_FIELDS)


#: The tables :meth:`Diff.to_pandas` can give.
DIFF_TABLES = (
    "bridge",
    "goals",
    "programs",
    "projects",
    "org_units",
    "years",
    "categories",
    "leaks",
    "flags",
    "added",
    "removed",
    "renamed",
    "links",
    "lines_changed",
    "lines_moved",
    "lines_relabelled",
)


class Diff(_Document):
    """What changed from one plan to another (SPEC §11, ``goldthread-diff/1``), from
    :meth:`Plan.diff`: amounts as Decimal, attributes for its parts (``diff.bridge.relinked``).

    >>> old = Plan.from_json('''{"format": "goldthread/1", "name": "proposed", "precision": 0,
    ...   "goals": [{"id": "G", "name": "Air"}],
    ...   "programs": [{"id": "P", "name": "Buses", "goals": [{"goal": "G"}]}],
    ...   "budget_lines": [{"id": "L", "year": "1399", "amount": "100", "funds": [{"program": "P"}]}]}''')
    >>> new = old.apply([{"op": "set_amount", "line": "L", "amount": "80"}])
    >>> d = old.diff(new)
    >>> d.traced.change, d.bridge.amounts
    (Decimal('-20'), Decimal('-20'))
    >>> old.diff(old).is_empty()
    True
    """

    _hook = staticmethod(_diff_amounts_to_decimal)

    def is_empty(self) -> bool:
        """Whether nothing changed: no figure, entity, link or line."""
        return self._native.is_empty()

    def _repr_markdown_(self) -> str:
        return self._native.markdown("en")

    def to_pandas(self, table: str = "goals") -> Any:
        """One list of the diff as a pandas DataFrame (amounts as Decimal objects);
        ``table`` is one of :data:`DIFF_TABLES` (``"bridge"``: one row per step)."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("Diff.to_pandas needs pandas: pip install pandas") from e
        if table == "bridge":
            b = self._data["bridge"]
            steps = ["start", "removed_lines", "relinked", "amounts", "added_lines", "end"]
            return pd.DataFrame([{"step": s, "amount": b[s]} for s in steps])
        if table not in DIFF_TABLES:
            raise ValueError(f"unknown table {table!r}; choose one of {', '.join(DIFF_TABLES)}")
        return pd.DataFrame(self._data[table])

    def __repr__(self) -> str:
        t = self._data["traced"]
        return (
            f"<goldthread.Diff {self._data['old_plan']!r} → {self._data['new_plan']!r}: traced "
            f"{t['old_amount']} → {t['new_amount']} ({t['change']:+})>"
        )


def _scenario_text(edits: Any) -> str:
    """A scenario as text the core reads: a list of edits, a scenario dict, JSON or TOML
    text, or a path to a scenario file."""
    if isinstance(edits, os.PathLike):
        with open(edits, encoding="utf-8") as f:
            return f.read()
    if isinstance(edits, str):
        return edits
    if isinstance(edits, tuple):
        edits = list(edits)
    if not isinstance(edits, (list, Mapping)):
        raise TypeError(
            "a scenario is a list of edits, a dict with 'edits', JSON or TOML text, or a path; "
            f"not {type(edits).__name__}"
        )
    # A list, or a dict without `format`, the core reads as it is (Scenario::read_given).
    return json.dumps(_plan_json(edits if isinstance(edits, list) else dict(edits)), ensure_ascii=False)


class Plan:
    """A checked plan. Load with :meth:`load`, :meth:`from_json` or :meth:`from_dict`.

    Loading and computing release the GIL, so threads run in parallel; a Plan pickles
    (through its JSON), so it travels to multiprocessing, Dask, Ray or Spark workers.
    """

    __slots__ = ("_native",)

    def __init__(self, native: Any) -> None:
        if not isinstance(native, _goldthread.NativePlan):
            raise TypeError("use Plan.load, Plan.from_json or Plan.from_dict")
        self._native = native

    @classmethod
    def load(
        cls, path: Union[str, os.PathLike], *, limits: Optional[Mapping[str, int]] = None
    ) -> "Plan":
        """Reads a plan file, parsing it as it is read (a large file is never held whole in
        memory). Raises :class:`PlanError` with every diagnostic, or :class:`OSError`
        (``FileNotFoundError``, …) when the file cannot be read. Ctrl-C interrupts it.

        ``limits`` sets the limits of SPEC §8 for files from anyone, by the core's names:
        ``max_file_bytes``, ``max_entities``, ``max_id_bytes``, ``max_text_bytes``,
        ``max_diagnostics_per_code``, ``max_depth`` (e.g. ``limits={"max_file_bytes": 50_000_000}``);
        each exceeded is a diagnostic naming it."""
        native = _goldthread.NativePlan.load_path
        return cls(_interruptible(native, os.fspath(path), _limits(limits)))

    @classmethod
    def from_json(
        cls, text: Union[str, bytes], *, limits: Optional[Mapping[str, int]] = None
    ) -> "Plan":
        """Reads a plan from JSON text or bytes. Raises :class:`PlanError`."""
        return cls(_interruptible(_goldthread.NativePlan.load, text, _limits(limits)))

    @classmethod
    def from_dict(
        cls, data: Dict[str, Any], *, limits: Optional[Mapping[str, int]] = None
    ) -> "Plan":
        """Reads a plan from a dict in the plan file's form. Amounts may be str, int or
        Decimal; a float raises TypeError; nesting deeper than :data:`MAX_DEPTH` raises
        ValueError."""
        if not isinstance(data, dict):
            raise TypeError(f"from_dict takes a dict, not {type(data).__name__}")
        text = json.dumps(_plan_json(data), ensure_ascii=False)
        return cls.from_json(text, limits=limits)

    @property
    def name(self) -> str:
        return self._native.name()

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        """The warnings found at load."""
        return json.loads(self._native.warnings_json())

    def to_json(self) -> str:
        """The plan as ``goldthread/1`` JSON; loading it again gives an equal plan."""
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The plan in the plan file's form (amounts as exact decimal strings)."""
        return json.loads(self._native.to_json())

    def report(
        self,
        years: Optional[Sequence[str]] = None,
        org_units: Optional[Sequence[str]] = None,
        categories: Optional[Sequence[str]] = None,
        phase: str = "amount",
        compare_phases: bool = False,
    ) -> Report:
        """The report for a scope (``None`` means all) and a phase; with
        ``compare_phases=True`` it also sets every phase side by side (``report.phases``)."""
        return Report(
            self._native.report(
                _strings("years", years),
                _strings("org_units", org_units),
                _strings("categories", categories),
                _phase(phase),
                bool(compare_phases),
            )
        )

    def report_html(
        self,
        years: Optional[Sequence[str]] = None,
        org_units: Optional[Sequence[str]] = None,
        categories: Optional[Sequence[str]] = None,
        phase: str = "amount",
        compare_phases: bool = False,
        lang: str = "en",
    ) -> str:
        """The report as one self-contained HTML page (every table, the Sankey as inline
        SVG, printable), in ``lang``: ``"fa"`` reads right to left in Persian digits."""
        return self._native.report_page(
            _strings("years", years),
            _strings("org_units", org_units),
            _strings("categories", categories),
            _phase(phase),
            bool(compare_phases),
            lang,
        )

    def trace(
        self,
        id: str,
        years: Optional[Sequence[str]] = None,
        org_units: Optional[Sequence[str]] = None,
        categories: Optional[Sequence[str]] = None,
        phase: str = "amount",
    ) -> Dict[str, Any]:
        """Every path from a budget line, project or program up to a goal, with the
        product of its shares (Decimal) and the amount it carries (Decimal)."""
        if not isinstance(id, str):
            raise TypeError(f"id is a string, not {type(id).__name__}")
        text = self._native.trace_json(
            id,
            _strings("years", years),
            _strings("org_units", org_units),
            _strings("categories", categories),
            _phase(phase),
        )
        out = json.loads(text, object_hook=_amounts_to_decimal)
        for p in out["paths"]:
            p["share"] = Decimal(p["share"])
        return out

    def sankey(
        self,
        years: Optional[Sequence[str]] = None,
        org_units: Optional[Sequence[str]] = None,
        categories: Optional[Sequence[str]] = None,
        phase: str = "amount",
    ) -> Dict[str, Any]:
        """The Sankey of the thread: ``nodes`` and ``links`` (source/target indices,
        value as int or Decimal), ready for plotly's ``go.Sankey``."""
        text = self._native.sankey_json(
            _strings("years", years),
            _strings("org_units", org_units),
            _strings("categories", categories),
            _phase(phase),
        )
        return json.loads(text, parse_float=Decimal)

    def to_dot(self) -> str:
        """The plan as a Graphviz DOT graph."""
        return self._native.dot()

    def diff(
        self,
        new: "Plan",
        years: Optional[Sequence[str]] = None,
        org_units: Optional[Sequence[str]] = None,
        categories: Optional[Sequence[str]] = None,
        phase: str = "amount",
    ) -> Diff:
        """What changed from this plan to ``new`` for a scope and phase (SPEC §11): each
        goal's, program's, project's, org unit's, year's and leak's amount in both, flags,
        entities, links and lines, and a bridge between the traced totals that foots.
        Raises ValueError for plans of another precision or currency."""
        if not isinstance(new, Plan):
            raise TypeError(f"diff compares two Plans, not a {type(new).__name__}")
        return Diff(
            self._native.diff(
                new._native,
                _strings("years", years),
                _strings("org_units", org_units),
                _strings("categories", categories),
                _phase(phase),
            )
        )

    def apply(self, edits: Any, *, with_outcomes: bool = False) -> Any:
        """A new plan: this one with a scenario's edits applied in order (SPEC §12).

        ``edits`` is a list of edits (``[{"op": "scale", "filter": {"categories":
        ["current"]}, "percent": "-5"}]``), a scenario dict, JSON or TOML text, or a path.
        Amounts and percentages may be str, int or Decimal (a float raises TypeError). An
        edit that names nothing raises ValueError naming it (``edits[2] (move_line): …``);
        a plan the edits break raises :class:`PlanError`. This plan is left as it is. With
        ``with_outcomes=True`` returns ``(plan, outcomes)``: what each edit did."""
        native, outcomes = self._native.apply(_scenario_text(edits))
        plan = Plan(native)
        if with_outcomes:
            listed = json.loads(outcomes)
            for o in listed:
                o["change"] = Decimal(o["change"])
            return plan, listed
        return plan

    def __reduce__(self) -> Any:
        # Compact JSON as bytes: one buffer, no indentation, no str of it.
        return (Plan.from_json, (self._native.to_json_bytes(),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Plan) and self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def _repr_html_(self) -> str:
        return self._native.html()

    def __repr__(self) -> str:
        return f"<goldthread.Plan {self.name!r}>"
