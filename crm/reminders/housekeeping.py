"""Nightly housekeeping the product promises: personal data kept no longer than announced,
unconfirmed ledger uploads no longer than IMPORT_UPLOAD_DAYS, sign-in attempts and rate-limit
hits no longer than the throttles need them."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from crm.auth import throttle
from crm.extensions import db
from crm.imports import batches
from crm.intake import ratelimit
from crm.models import IntakeSubmission, utcnow


def erase_intake_personal_data(now: datetime | None = None) -> int:
    """个人信息保护法: the public form promises deletion after INTAKE_RETENTION_DAYS. The
    visitor's name, phone, e-mail and address hash go; the company and its intention stay,
    since they became the lead the bureau works on."""
    now = now or utcnow()
    cutoff = now - timedelta(days=int(current_app.config["INTAKE_RETENTION_DAYS"]))
    result = db.session.execute(
        sa.update(IntakeSubmission)
        .where(IntakeSubmission.submitted_at < cutoff,
               IntakeSubmission.personal_data_erased_at.is_(None))
        .values(contact_name="", contact_phone="", contact_email="", ip_hash="",
                personal_data_erased_at=now)
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


def run(now: datetime | None = None) -> dict[str, int]:
    counts = {"intake_erased": erase_intake_personal_data(now),
              "import_uploads_expired": batches.expire_abandoned(now),
              "login_attempts_pruned": throttle.prune(),
              "rate_limit_pruned": ratelimit.prune()}
    db.session.commit()
    return counts
