"""GET/POST /admin/reminder-rules: the numbers crm.settings.RULES lists, bounded and checked."""

import pytest

from crm import settings
from crm.extensions import db
from crm.models import AuditLog, Setting
from tests.admin.conftest import NON_ADMINS, count, text

SAVED = {"escalation_workdays_A": "3", "escalation_workdays_B": "5", "escalation_workdays_C": "10",
         "stale_days": "20", "stale_leader_days": "45", "max_amount_yi": "1000"}


def stored(app) -> dict[str, int]:
    with app.app_context():
        return settings.values()


def test_it_shows_every_rule_with_its_value_and_unit(admin, users):
    page = text(admin.get("/admin/reminder-rules"))
    for rule in settings.RULES:
        assert rule.label in page and f'name="{rule.name}"' in page
    assert 'value="60"' in page and "个工作日</span>" in page and 'max="365"' in page


def test_it_saves_the_rules_and_audits_what_changed(admin, app, users):
    response = admin.post("/admin/reminder-rules", data=SAVED, follow_redirects=True)
    assert "规则设置已保存" in text(response)
    assert stored(app) == {name: int(value) for name, value in SAVED.items()}
    changed = {"escalation_workdays_A", "stale_days", "stale_leader_days"}
    assert count(app, AuditLog, AuditLog.entity == "settings") == len(changed)
    assert count(app, AuditLog, AuditLog.field == "stale_days", AuditLog.old == "30",
                 AuditLog.new == "20") == 1


def test_it_accepts_full_width_digits(admin, app, users):
    admin.post("/admin/reminder-rules", data={**SAVED, "stale_days": "２５"})
    assert stored(app)["stale_days"] == 25


@pytest.mark.parametrize("value", ["0", "366", "-1", "2.5", "三天", "", "9" * 5000])
def test_it_refuses_a_value_out_of_bounds_with_a_field_message(admin, app, users, value):
    response = admin.post("/admin/reminder-rules", data={**SAVED, "escalation_workdays_A": value})
    page = text(response)
    assert response.status_code == 422 and page.count("请输入1到365之间的整数") == 1
    assert count(app, Setting) == 0 and "未保存" in page


def test_it_refuses_a_missing_field(admin, app, users):
    data = {name: value for name, value in SAVED.items() if name != "stale_days"}
    assert admin.post("/admin/reminder-rules", data=data).status_code == 422
    assert count(app, Setting) == 0


@pytest.mark.parametrize("leader_days", ["20", "19"])
def test_it_requires_the_leader_days_to_exceed_the_owner_days(admin, app, users, leader_days):
    response = admin.post("/admin/reminder-rules", data={**SAVED, "stale_leader_days": leader_days})
    assert response.status_code == 422 and "须大于负责人提醒天数（20天）" in text(response)
    assert count(app, Setting) == 0


def test_it_keeps_stored_values_on_a_refused_save(admin, app, users):
    with app.app_context():
        settings.store("stale_days", 40)
        db.session.commit()
    admin.post("/admin/reminder-rules", data={**SAVED, "stale_days": "366"})
    assert stored(app)["stale_days"] == 40


@pytest.mark.parametrize("role", NON_ADMINS)
def test_it_forbids_other_roles(login_as, app, users, role):
    client = login_as(role)
    assert client.get("/admin/reminder-rules").status_code == 403
    assert client.post("/admin/reminder-rules", data=SAVED).status_code == 403
    assert count(app, Setting) == 0
