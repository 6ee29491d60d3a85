"""Sign-off as data: the 审阅结论 a reviewer may choose, the review state each one sets,
and the one validation of a sign-off (session and store both call ``validate``).

``resources/rules/signoff.toml`` declares the conclusions (no default: the reviewer
chooses), which of them require a report without unresolved errors, the states'
Chinese names and the changes of state made without a sign-off (returned → resubmitted).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from core.paths import resources_dir

if TYPE_CHECKING:
    from core.model import Finding

PENDING = "pending"
DISMISSED = "已排除"  # a note status that settles a finding (core.annotations.STATUSES)


@dataclass(frozen=True)
class Conclusion:
    text: str
    state: str
    clean: bool = False  # only without unresolved errors


class SignOffError(ValueError):
    """A sign-off, unlock or change of state that cannot be taken; the message says why."""


def _load(path: Any = None) -> dict[str, Any]:
    with open(path or resources_dir() / "rules" / "signoff.toml", "rb") as fh:
        return tomllib.load(fh)


_RAW = _load()
STATES: Mapping[str, str] = MappingProxyType(dict(_RAW["states"]))
CONCLUSIONS: tuple[Conclusion, ...] = tuple(
    Conclusion(str(c["text"]), str(c["state"]), bool(c.get("clean", False))) for c in _RAW["conclusion"]
)
_LEGACY: Mapping[str, str] = MappingProxyType(dict(_RAW.get("legacy", {})))
TRANSITIONS: frozenset[tuple[str, str]] = frozenset((str(t["from"]), str(t["to"])) for t in _RAW.get("transition", []))
assert all(c.state in STATES for c in CONCLUSIONS), "signoff.toml: a conclusion's state is not declared"

# The messages, once each.
NO_CONCLUSION = "请选择审阅结论"
NEEDS_TWO = "签字需要审阅人和复核人两人"
SAME_PERSON = "复核人不能与审阅人是同一人"
NEEDS_REASON = "解除锁定需要填写原因"
NO_REVIEWER = "请先填写审阅人姓名（窗口状态栏的“审阅人”，或命令行的 --reviewer）"


def conclusion(text: str) -> Conclusion | None:
    return next((c for c in CONCLUSIONS if c.text == text.strip()), None)


def state_of_conclusion(text: str) -> str | None:
    """The review state a sign-off with this conclusion gives (old stores' wording too)."""
    c = conclusion(text)
    if c is not None:
        return c.state
    return _LEGACY.get(text.strip())


def state_label(state: str | None) -> str:
    return STATES.get(state or PENDING, STATES[PENDING])


def unresolved(findings: Iterable[Finding], statuses: Mapping[str, str]) -> list[Finding]:
    """Errors the reviewer has neither dismissed (note status 已排除) nor corrected away
    (a corrected error is no longer among the findings). ``statuses``: finding id → status."""
    return [f for f in findings if f.severity == "error" and statuses.get(f.id or f.key()) != DISMISSED]


def validate(conclusion_text: str, reviewer: str, second_reviewer: str, open_errors: int = 0) -> Conclusion:
    """The one check of a sign-off; raises SignOffError with the reviewer's words."""
    c = conclusion(conclusion_text)
    if c is None:
        choices = "、".join(x.text for x in CONCLUSIONS)
        raise SignOffError(f"{NO_CONCLUSION}（{choices}）")
    if not reviewer.strip() or not second_reviewer.strip():
        raise SignOffError(NEEDS_TWO)
    if reviewer.strip() == second_reviewer.strip():
        raise SignOffError(SAME_PERSON)
    if c.clean and open_errors:
        others = "、".join(x.text for x in CONCLUSIONS if not x.clean)
        raise SignOffError(f"还有 {open_errors} 个错误未处理（未排除也未更正），不能选“{c.text}”；"
                           f"请先处理，或选择{others}")
    return c


def validate_unlock(reason: str) -> str:
    if not reason.strip():
        raise SignOffError(NEEDS_REASON)
    return reason.strip()


def validate_transition(old: str, new: str) -> None:
    if new not in STATES:
        raise SignOffError(f"没有这个审阅状态：{new}")
    if (old, new) not in TRANSITIONS:
        raise SignOffError(f"审阅状态不能由“{state_label(old)}”改为“{state_label(new)}”")
