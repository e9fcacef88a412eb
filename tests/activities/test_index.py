"""The activity list: newest first, filtered by type, with lead counts the viewer may read."""

from datetime import date

from crm.models import DictKind
from tests.activities.conftest import item, text


def test_it_lists_activities_newest_first(client_for, make_activity):
    make_activity("十月来访", kind="visit", held_on=date(2026, 10, 8))
    make_activity("十一月云招商", held_on=date(2026, 11, 20))
    page = text(client_for("alice").get("/activities"))
    assert page.index("十一月云招商") < page.index("十月来访")
    assert '<span id="activity-total">2</span>' in page


def test_it_filters_by_type(app, client_for, make_activity):
    make_activity("十月来访", kind="visit", held_on=date(2026, 10, 8))
    make_activity("十一月云招商", held_on=date(2026, 11, 20))
    with app.app_context():
        visit = item(DictKind.activity_type, "visit")
    page = text(client_for("bob").get(f"/activities?kind={visit}"))
    assert "十月来访" in page and "十一月云招商" not in page


def test_it_ignores_a_garbage_filter(client_for, make_activity):
    make_activity("十一月云招商")
    response = client_for("alice").get("/activities?kind=%00abc&page=-3")
    assert response.status_code == 200 and "十一月云招商" in text(response)


def test_it_counts_only_leads_the_viewer_may_read(client_for, make_activity, make_lead, users):
    activity = make_activity()
    make_lead(activity, "公开项目", owner_id=users["alice"])
    make_lead(activity, "保密项目", confidential=True)
    assert '<td class="text-end lead-count">1</td>' in text(client_for("alice").get("/activities"))
    assert '<td class="text-end lead-count">2</td>' in text(client_for("leader").get("/activities"))


def test_it_is_closed_to_liaisons_and_reporters(client_for, make_activity):
    make_activity()
    assert client_for("charlie").get("/activities").status_code == 403
    assert client_for("reporter").get("/activities").status_code == 403
    assert client_for("admin").get("/activities").status_code == 200


def test_it_ignores_a_page_number_in_superscript_digits(client_for):
    # "²".isdigit() is true but int("²") raises: it must read as page 1, not answer 500.
    assert client_for("alice").get("/activities?page=²&kind=³").status_code == 200
