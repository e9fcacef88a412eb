"""POST /intake/<id>/reject: 不予受理 with a required reason; the lead is kept."""

from crm.domain.stages import Screening
from crm.extensions import db
from crm.models import Project
from tests.conftest import ref


def test_rejecting_needs_a_reason(app, signed_in, public_lead):
    lead_id = public_lead()
    response = signed_in("bob").post(f"/intake/{ref(lead_id)}/reject", data={"reason": "  "})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "请填写不予受理的原因" in body
    with app.app_context():
        assert db.session.get(Project, lead_id).screening == Screening.pending


def test_a_rejected_lead_is_kept_with_its_reason_and_leaves_the_queue(app, signed_in,
                                                                      public_lead):
    lead_id = public_lead()
    client = signed_in("alice")
    assert client.post(f"/intake/{ref(lead_id)}/reject",
                       data={"reason": "非本县产业方向"}).status_code == 302
    with app.app_context():
        lead = db.session.get(Project, lead_id)
        assert (lead.screening, lead.screening_reason) == (Screening.rejected, "非本县产业方向")
    assert "0 条待研判" in client.get("/intake/queue").get_data(as_text=True)


def test_a_liaison_may_not_reject(app, signed_in, public_lead):
    lead_id = public_lead()
    assert signed_in("charlie").post(f"/intake/{ref(lead_id)}/reject",
                                     data={"reason": "x"}).status_code == 403
