"""Agreements, fund arrivals and milestone dates in the authorization matrix.

The attachment's record is an agreement with a stored PDF on the "unit" project, which every
role but reporters may read: readers 200, reporters 403 (they see what became of a lead, not
its contract).
"""

import io
from datetime import date

from flask import current_app

from crm import uploads
from crm.domain.stages import AgreementKind
from crm.extensions import db
from crm.models import Agreement
from tests.agreements.conftest import PDF
from tests.matrix import SIGNED_IN, Route

ENDPOINTS = {
    "agreements.new": Route(roles=SIGNED_IN, needs="w"),
    "agreements.fund_new": Route(roles=SIGNED_IN, needs="p"),
    "agreements.milestones": Route(post_only=True, writers=SIGNED_IN, writes="p"),
    "agreements.attachment": Route(roles=frozenset({"leader", "staff", "liaison", "admin"})),
}

ARGUMENTS = {
    "agreements.attachment:project_id": "agreement_project",
    "agreement_id": "agreement",
}


def make_records(users, orgs, records):
    checked = uploads.check(io.BytesIO(PDF), "投资协议.pdf")
    unit = records["project"]["unit"]
    agreement = Agreement(
        project_id=unit, kind=AgreementKind.framework, signed_on=date(2026, 3, 2),
        attachment_path=uploads.store(checked, current_app.config["UPLOAD_FOLDER"]),
        attachment_name=checked.original_name, attachment_mime=checked.mime)
    db.session.add(agreement)
    db.session.commit()
    return {"agreement_project": {"unit": unit}, "agreement": {"framework_on_unit": agreement.id}}
