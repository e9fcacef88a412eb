"""Agreements, fund arrivals and milestone dates in the authorization matrix.

The attachment's record is an agreement with a stored PDF on the "unit" project, which every
role but reporters may read: readers 200, reporters 403 (they see what became of a lead, not
its contract). Voiding that agreement needs "w", which no role has on "unit": the liaison of
its unit gets 403 like the others (a liaison does not touch agreements), reporters 404.

Corrections (更正) are on the "own" project, the one the bad-input sweeps open as alice: its
投资协议 and fund arrival answer alice 200 and the others 403 (readers without "w"/"p") or
404 (the liaison and the reporter cannot read it). Voiding a fund arrival is on "unit", so the
liaison of the unit is let through there and alice, who only reads it, is refused.
"""

import io
from datetime import date

from flask import current_app

from crm import uploads
from crm.domain.stages import AgreementKind
from crm.extensions import db
from crm.models import Agreement, FundArrival
from tests.agreements.conftest import PDF
from tests.matrix import SIGNED_IN, Route

ENDPOINTS = {
    "agreements.new": Route(roles=SIGNED_IN, needs="w"),
    "agreements.edit": Route(roles=SIGNED_IN, needs="w"),
    "agreements.void": Route(post_only=True, writers=SIGNED_IN, writes="w"),
    "agreements.fund_new": Route(roles=SIGNED_IN, needs="p"),
    "agreements.fund_edit": Route(roles=SIGNED_IN, needs="p"),
    "agreements.fund_void": Route(post_only=True, writers=SIGNED_IN, writes="p"),
    "agreements.milestones": Route(post_only=True, writers=SIGNED_IN, writes="p"),
    "agreements.attachment": Route(roles=frozenset({"leader", "staff", "liaison", "admin"})),
}

# "agreement_project" is "unit" (the attachment, the voids), "correction_project" is "own".
ARGUMENTS = {
    "agreements.attachment:project_id": "agreement_project",
    "agreements.void:project_id": "agreement_project",
    "agreements.fund_void:project_id": "agreement_project",
    "agreement_id": "agreement",
    "fund_id": "fund",
    "agreements.edit:project_id": "correction_project",
    "agreements.edit:agreement_id": "own_agreement",
    "agreements.fund_edit:project_id": "correction_project",
    "agreements.fund_edit:fund_id": "own_fund",
}


def make_records(users, orgs, records):
    checked = uploads.check(io.BytesIO(PDF), "投资协议.pdf")
    unit, own = records["project"]["unit"], records["project"]["own"]
    framework = Agreement(
        project_id=unit, kind=AgreementKind.framework, signed_on=date(2026, 3, 2),
        attachment_path=uploads.store(checked, current_app.config["UPLOAD_FOLDER"]),
        attachment_name=checked.original_name, attachment_mime=checked.mime)
    investment = Agreement(project_id=own, kind=AgreementKind.investment,
                           signed_on=date(2026, 3, 2), amount=200_000_000)
    unit_fund = FundArrival(project_id=unit, arrived_on=date(2026, 4, 1), amount=30_000_000)
    own_fund = FundArrival(project_id=own, arrived_on=date(2026, 4, 1), amount=30_000_000)
    db.session.add_all([framework, investment, unit_fund, own_fund])
    db.session.commit()
    # No "missing" labels: a missing row is 404 for every role, tested in tests/agreements.
    return {"agreement_project": {"unit": unit}, "correction_project": {"own": own},
            "agreement": {"framework_on_unit": framework.id}, "fund": {"on_unit": unit_fund.id},
            "own_agreement": {"investment_on_own": investment.id},
            "own_fund": {"on_own": own_fund.id}}
