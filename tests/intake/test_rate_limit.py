"""The public form's rate limit: 5 per address per hour, 200 site-wide, kept in the database."""

from crm.extensions import db
from crm.models import IntakeSubmission, RateLimitHit
from tests.intake.conftest import count, public_data


def _post(client, address: str):
    return client.post("/intake", data=public_data(), environ_base={"REMOTE_ADDR": address})


def test_the_sixth_submission_from_one_address_is_429(app, client):
    answers = [_post(client, "198.51.100.7").status_code for _ in range(6)]
    assert answers == [302] * 5 + [429]
    body = _post(client, "198.51.100.7").get_data(as_text=True)
    assert "请一小时后再试" in body and "县招商局" in body
    assert _post(client, "198.51.100.8").status_code == 302  # another address is not held up
    with app.app_context():
        assert count(IntakeSubmission) == 6


def test_the_site_wide_limit_holds_across_addresses(app, client):
    app.config["INTAKE_LIMIT_SITE_WIDE"] = 3
    answers = [_post(client, f"198.51.100.{n}").status_code for n in range(1, 5)]
    assert answers == [302, 302, 302, 429]


def test_hits_store_a_hash_not_the_address(app, client):
    _post(client, "198.51.100.7")
    with app.app_context():
        hit = db.session.query(RateLimitHit).one()
        assert hit.key.startswith("intake:") and "198.51.100.7" not in hit.key
