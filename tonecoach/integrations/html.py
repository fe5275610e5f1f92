"""Self-contained HTML for a report (notebooks): the draft with each suggestion underlined in
its category's colour, a tooltip with the message and the fix, and a table. No JavaScript;
every piece of text is escaped."""

from __future__ import annotations

from html import escape

from tonecoach.models import CATEGORY_INFO, Report, Suggestion

COLOURS: dict[str, str] = {category: info.colour for category, info in CATEGORY_INFO.items()}
_STYLE = """<style>
.tc-report{font-family:system-ui,sans-serif;line-height:1.6;max-width:60em}
.tc-draft{white-space:pre-wrap;padding:.6em .8em;border:1px solid #ddd;border-radius:6px}
.tc-mark{text-decoration-line:underline;text-decoration-style:wavy;
text-decoration-thickness:2px;text-underline-offset:3px;cursor:help}
.tc-insert{font-size:.8em;vertical-align:super;cursor:help}
.tc-table{border-collapse:collapse;margin-top:.6em;font-size:.9em}
.tc-table td,.tc-table th{border-bottom:1px solid #eee;padding:.2em .6em;text-align:left}
</style>"""


def _tooltip(suggestions: list[Suggestion]) -> str:
    parts = []
    for s in suggestions:
        fix = f" → «{s.replacements[0].strip()}»" if s.replacements else ""
        parts.append(f"{s.code} {s.message}{fix}")
    return escape("\n".join(parts), quote=True)


def _mark(category: str) -> str:
    return f'class="tc-mark" style="text-decoration-color:{COLOURS.get(category, "#888")}"'


def render(report: Report) -> str:
    """The report as an HTML fragment."""
    text = report.text
    spans = [s for s in report.suggestions if s.end > s.start]
    inserts = [s for s in report.suggestions if s.end == s.start]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans),
                   *(s.start for s in inserts)})
    out: list[str] = []
    for a, b in zip(cuts, [*cuts[1:], len(text)], strict=False):
        for s in inserts:
            if s.start == a:
                colour = COLOURS.get(s.category, "#888")
                out.append(f'<span class="tc-insert" style="color:{colour}" '
                           f'title="{_tooltip([s])}">▾</span>')
        if a >= b:
            continue
        covering = [s for s in spans if s.start <= a and b <= s.end]
        piece = escape(text[a:b])
        if covering:
            out.append(f'<span {_mark(covering[0].category)} title="{_tooltip(covering)}" '
                       f'data-code="{escape(covering[0].code)}">{piece}</span>')
        else:
            out.append(piece)
    rows = "".join(
        f"<tr><td>{escape(s.code)}</td><td style=\"color:{COLOURS.get(s.category, '#888')}\">"
        f"{escape(s.category)}</td><td>{escape(s.message)}</td>"
        f"<td>{escape(s.replacements[0].strip()) if s.replacements else ''}</td></tr>"
        for s in report.suggestions)
    table = ("<table class=\"tc-table\"><tr><th>код</th><th>категория</th><th>замечание</th>"
             f"<th>исправление</th></tr>{rows}</table>") if rows else "<p>Замечаний нет.</p>"
    return f'{_STYLE}<div class="tc-report"><div class="tc-draft">{"".join(out)}</div>{table}</div>'
