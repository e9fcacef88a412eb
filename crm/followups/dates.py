"""The project's stored follow-up dates, kept in step with its follow-ups.

Rule (the same as the demo loader, crm/demo/followups.py): 最近对接 is the latest contact date;
下次跟进 is the next due date of the latest follow-up (latest contact date, then latest entered),
so an overdue due date stays visible as overdue until someone logs the next contact, and a
back-dated entry does not replace what the newest contact agreed. A follow-up is progress, so
最近进展 (which drives the health colour) never goes back.
"""

import sqlalchemy as sa

from crm.extensions import db
from crm.models import FollowUp, Project
from crm.projects import lifecycle
from crm.reminders import plan


def refresh(project: Project) -> None:
    latest = db.session.execute(
        sa.select(FollowUp.contact_date, FollowUp.next_due_date)
        .where(FollowUp.project_id == project.id)
        .order_by(FollowUp.contact_date.desc(), FollowUp.id.desc()).limit(1)).first()
    if latest is None:
        return
    project.last_contact_at = latest.contact_date
    project.next_followup_at = latest.next_due_date
    lifecycle.record_progress(project, latest.contact_date)
    # The due reminder is raised in the same transaction as the date that causes it.
    plan.plan_due(project)
