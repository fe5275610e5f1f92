"""A ten-line tour of the Python API: check a draft, read the suggestions, apply the fixes."""

import tonecoach

coach = tonecoach.Coach(tonecoach.Config(ignore=["TC105"]))  # load the rules once, reuse
draft = "Привет! Твой заказ уже в пути, напиши, если будут вопросы."
report = coach.check(draft, client_name="Ольга", client_message="Где мой заказ?")
for s in report.suggestions:
    print(s.code, s.severity, draft[s.start:s.end], "→", s.replacements[:1], "|", s.message)
print(tonecoach.apply_fixes(draft, report.suggestions))
