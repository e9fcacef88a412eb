"""Authorization matrix entries for the reports (merged into tests/matrix.py): the 月报, the
简报 and the cockpit's lists are for those who open the cockpit (leaders, staff, admins; each
gets what they may read); the project list and companies export for whoever reads those lists.
Exports are GETs whose one write, the export record, is bookkeeping (tests/matrix.py
row_counts leaves it out)."""

from tests.matrix import Route

VIEWERS = frozenset({"leader", "staff", "admin"})
LIST_READERS = frozenset({"leader", "staff", "liaison", "admin"})

ENDPOINTS = {
    "reports.index": Route(roles=VIEWERS),
    "reports.monthly": Route(roles=VIEWERS),
    "reports.brief_page": Route(roles=VIEWERS),
    "reports.brief_docx": Route(roles=VIEWERS),
    "reports.drill": Route(roles=VIEWERS),
    "reports.followups": Route(roles=VIEWERS),
    "reports.agreements": Route(roles=VIEWERS),
    "reports.funds": Route(roles=VIEWERS),
    "reports.projects": Route(roles=LIST_READERS),
    "reports.companies": Route(roles=LIST_READERS),
}
