"""A report in the language server's terms: diagnostics, quick fixes and hover text."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from lsprotocol import types as lsp

from tonecoach.fixes import compatible_fixes
from tonecoach.integrations.lsp.messages import SEVERITY_TITLES
from tonecoach.integrations.lsp.positions import PositionMap
from tonecoach.models import CATEGORY_INFO, FixResult, Report, Suggestion
from tonecoach.rulebook.schema import RuleSpec

SOURCE = "tonecoach"
_SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}
CATEGORY_TITLES = {category: info.title for category, info in CATEGORY_INFO.items()}
_FIXES_PER_SUGGESTION = 3
_QUOTE_LIMIT = 40
# fixes the document to its fixed point, for the given categories (None: all)
Fixer = Callable[[str, Collection[str] | None], FixResult]


@dataclass(frozen=True)
class Checked:
    """One checked version of a document."""

    uri: str
    version: int | None
    report: Report
    positions: PositionMap
    diagnostics: list[lsp.Diagnostic] = field(default_factory=list)

    @classmethod
    def build(cls, uri: str, version: int | None, report: Report, encoding: str) -> Checked:
        positions = PositionMap(report.text, encoding)
        diagnostics = [to_diagnostic(s, positions) for s in report.suggestions]
        return cls(uri, version, report, positions, diagnostics)

    def range_of(self, start: int, end: int) -> lsp.Range:
        return _range(self.positions, start, end)


def _range(positions: PositionMap, start: int, end: int) -> lsp.Range:
    (l1, c1), (l2, c2) = positions.position(start), positions.position(end)
    return lsp.Range(start=lsp.Position(line=l1, character=c1),
                     end=lsp.Position(line=l2, character=c2))


def to_diagnostic(s: Suggestion, positions: PositionMap) -> lsp.Diagnostic:
    """One suggestion as an LSP diagnostic; ``data`` carries the rule name and the fixes."""
    return lsp.Diagnostic(
        range=_range(positions, s.start, s.end),
        message=s.message,
        severity=_SEVERITY[s.severity],
        code=s.code,
        source=SOURCE,
        data={"name": s.name, "category": s.category, "replacements": s.replacements},
    )


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"«{text if len(text) <= _QUOTE_LIMIT else text[:_QUOTE_LIMIT - 1] + '…'}»"


def _fix_title(s: Suggestion, old: str, new: str) -> str:
    if not old:
        return f"{s.code}: вставить {_quote(new)}"
    if not new.strip():
        return f"{s.code}: убрать {_quote(old)}"
    return f"{s.code}: {_quote(old)} → {_quote(new)}"


def _edit(checked: Checked, fixes: list[tuple[Suggestion, str]]) -> lsp.WorkspaceEdit:
    edits = [lsp.TextEdit(range=checked.range_of(s.start, s.end), new_text=new)
             for s, new in fixes]
    return lsp.WorkspaceEdit(changes={checked.uri: edits})


def _whole_edit(checked: Checked, result: FixResult) -> lsp.WorkspaceEdit:
    """One edit from the first to the last changed character: what a fixed point changed."""
    old, new = checked.report.text, result.text
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    edit = lsp.TextEdit(range=checked.range_of(head, len(old) - tail),
                        new_text=new[head:len(new) - tail])
    return lsp.WorkspaceEdit(changes={checked.uri: [edit]})


def _fix_all_title(prefix: str, result: FixResult) -> str:
    left = len(result.advice)
    tail = f"; советов останется: {left}" if left else ""
    return f"{prefix} ({len(result.applied)}{tail})"


def _touches(s: Suggestion, start: int, end: int) -> bool:
    if s.start == s.end:
        return start <= s.start <= end
    return s.start < end and start < s.end if start < end else s.start <= start <= s.end


def code_actions(checked: Checked, start: int, end: int,
                 only: list[str] | None = None,
                 fixer: Fixer | None = None) -> list[lsp.CodeAction]:
    """Quick fixes for the suggestions touching ``start..end`` (offsets), then «fix all» for
    each of their categories, then a ``source.fixAll`` for the whole document.

    With a ``fixer`` the «fix all» actions apply, re-check and apply again to a fixed point
    (the title counts the fixes applied and the advice left); without one, a single pass.
    """
    text = checked.report.text
    diagnostic_of = {id(s): d for s, d in zip(checked.report.suggestions, checked.diagnostics,
                                               strict=True)}

    def wanted(kind: str) -> bool:
        return not only or any(kind == k or kind.startswith(k + ".") for k in only)

    actions: list[lsp.CodeAction] = []
    here = [s for s in checked.report.suggestions if _touches(s, start, end)]
    if wanted(lsp.CodeActionKind.QuickFix):
        for s in here:
            old = text[s.start:s.end]
            for i, new in enumerate(s.replacements[:_FIXES_PER_SUGGESTION]):
                actions.append(lsp.CodeAction(
                    title=_fix_title(s, old, new), kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic_of[id(s)]], is_preferred=i == 0,
                    edit=_edit(checked, [(s, new)])))
        for category in dict.fromkeys(s.category for s in here if s.replacements):
            fixes = compatible_fixes(text, (s for s in checked.report.suggestions
                                            if s.category == category))
            if len(fixes) > 1:
                title = f"Исправить всё: {CATEGORY_TITLES[category]}"
                diagnostics = [diagnostic_of[id(s)] for s in fixes]
                if fixer is not None:
                    result = fixer(text, [category])
                    actions.append(lsp.CodeAction(
                        title=_fix_all_title(title, result), kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=diagnostics, edit=_whole_edit(checked, result)))
                else:
                    actions.append(lsp.CodeAction(
                        title=f"{title} ({len(fixes)})", kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=diagnostics,
                        edit=_edit(checked, [(s, s.replacements[0]) for s in fixes])))
    if wanted(lsp.CodeActionKind.SourceFixAll):
        fixes = compatible_fixes(text, checked.report.suggestions)
        if fixes and fixer is not None:
            result = fixer(text, None)
            actions.append(lsp.CodeAction(
                title=_fix_all_title("tonecoach: исправить всё", result),
                kind=lsp.CodeActionKind.SourceFixAll, edit=_whole_edit(checked, result)))
        elif fixes:
            actions.append(lsp.CodeAction(
                title=f"tonecoach: исправить всё ({len(fixes)})",
                kind=lsp.CodeActionKind.SourceFixAll,
                edit=_edit(checked, [(s, s.replacements[0]) for s in fixes])))
    return actions


def hover(checked: Checked, offset: int, rules: dict[str, RuleSpec]) -> lsp.Hover | None:
    """The rules' explanations for the suggestions under ``offset``, in Markdown."""
    here = [s for s in checked.report.suggestions
            if s.start <= offset < s.end or s.start == s.end == offset]
    if not here:
        return None
    parts = []
    for s in here:
        lines = [f"**{s.code} {s.name}** · {CATEGORY_TITLES[s.category]} · "
                 f"{SEVERITY_TITLES[s.severity]}",
                 "", s.message]
        if s.replacements:
            lines += ["", "Исправление: " + ", ".join(_quote(r) if r.strip() else "убрать"
                                                      for r in s.replacements[:3])]
        rule = rules.get(s.code)
        if rule is not None and rule.explanation:
            lines += ["", rule.explanation.strip()]
        parts.append("\n".join(lines))
    first = min(here, key=lambda s: (s.start, s.end))
    return lsp.Hover(
        contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=checked.range_of(first.start, first.end))
