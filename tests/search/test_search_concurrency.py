"""Two transactions refreshing one company's entry at once: both commit, one entry remains."""

import threading

import sqlalchemy as sa

from crm.extensions import db
from crm.models import CompanyFormerName, SearchEntry
from crm.search.index import refresh


def test_two_concurrent_refreshes_of_one_company_both_commit(app, records):
    target = {("company", records["steel"])}
    errors = []

    def second():
        try:
            with app.app_context(), db.engine.begin() as connection:
                connection.execute(sa.insert(CompanyFormerName).values(
                    company_id=records["steel"], name="邯郸钢铁公司", name_normalized=""))
                refresh(connection, target)  # waits for the first transaction's row
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    with app.app_context():
        with db.engine.begin() as connection:
            refresh(connection, target)
            thread = threading.Thread(target=second)
            thread.start()
            thread.join(timeout=1)  # still blocked: the first transaction holds the row
        thread.join(timeout=30)
        assert errors == []
        rows = db.session.scalars(sa.select(SearchEntry).where(
            SearchEntry.entity == "company", SearchEntry.entity_id == records["steel"])).all()
        assert len(rows) == 1 and "邯郸钢铁公司" in rows[0].text
