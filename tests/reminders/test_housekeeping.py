"""The nightly housekeeping job: intake personal data and old sign-in attempts."""

from datetime import datetime, timedelta

import sqlalchemy as sa
import time_machine

from crm.extensions import db
from crm.models import IntakeSubmission, LoginAttempt
from crm.reminders import housekeeping
from tests.reminders.conftest import local

NOW = local(2026, 11, 4, 3, 17)


def submission(days_old: int) -> IntakeSubmission:
    at = NOW.replace(tzinfo=None) - timedelta(days=days_old)
    return IntakeSubmission(company_name="邯郸某童装有限公司", contact_name="王女士",
                            contact_phone="13800000000", contact_email="w@example.com",
                            intention="拟投资童装加工", consent_at=at, submitted_at=at,
                            ip_hash="ab" * 32)


def test_it_erases_the_visitor_once_the_retention_period_is_over(app, rows):
    with app.app_context():
        db.session.add_all([submission(731), submission(729)])
        db.session.commit()
    with time_machine.travel(NOW, tick=False), app.app_context():
        assert housekeeping.run()["intake_erased"] == 1
    assert rows(sa.select(IntakeSubmission.contact_name, IntakeSubmission.contact_phone,
                          IntakeSubmission.company_name).order_by(IntakeSubmission.id)) == [
        ("", "", "邯郸某童装有限公司"), ("王女士", "13800000000", "邯郸某童装有限公司")]


def test_the_retention_period_is_a_setting(app, rows):
    app.config["INTAKE_RETENTION_DAYS"] = 30
    with app.app_context():
        db.session.add(submission(31))
        db.session.commit()
    with time_machine.travel(NOW, tick=False), app.app_context():
        housekeeping.run()
    assert rows(sa.select(IntakeSubmission.personal_data_erased_at)) != [None]


def test_the_public_form_states_the_same_period(client):
    assert "自提交之日起730天" in client.get("/intake").get_data(as_text=True)


def test_it_prunes_old_sign_in_attempts(app, rows):
    with app.app_context():
        old = datetime(2026, 11, 1)
        db.session.add_all([LoginAttempt(email="a@b.cn", ip="127.0.0.1", at=old),
                            LoginAttempt(email="a@b.cn", ip="127.0.0.1",
                                         at=NOW.replace(tzinfo=None) - timedelta(hours=9))])
        db.session.commit()
    with time_machine.travel(NOW, tick=False), app.app_context():
        assert housekeeping.run()["login_attempts_pruned"] == 1
    assert len(rows(sa.select(LoginAttempt.id))) == 1
