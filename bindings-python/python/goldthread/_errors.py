"""The exceptions of goldthread. The native module raises these, with the diagnostics."""

from __future__ import annotations

import json
from typing import Any, Dict, List


class GoldthreadError(Exception):
    """The root of every error goldthread raises."""

    def __init__(self, message: str, diagnostics_json: str = "[]") -> None:
        super().__init__(message)
        #: Every diagnostic (code, name, severity, message, entity, path), as dicts.
        self.diagnostics: List[Dict[str, Any]] = json.loads(diagnostics_json)


class PlanError(GoldthreadError, ValueError):
    """A plan that cannot be loaded: ``.diagnostics`` lists every problem found."""


class TraceError(GoldthreadError, KeyError):
    """A trace of an id that names nothing, or names a goal or org unit."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


# Shown as goldthread.PlanError in tracebacks, where users import them from.
for _cls in (GoldthreadError, PlanError, TraceError):
    _cls.__module__ = "goldthread"
