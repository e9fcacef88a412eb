"""The admin outbox in the authorization matrix (merged into tests/matrix.py).

Its pages are admin.* routes (admin-only by the PREFIXES rule); the message page takes a
message_id. Admins open every message, a confidential one too (its subject and body masked,
tested in tests/admin/test_outbox.py), so both records answer 200 to admins.
"""

from crm.extensions import db
from crm.models import MailStatus, OutboxMessage, ReminderKind
from tests.matrix import MISSING

ARGUMENTS = {"message_id": "outbox_message"}


def make_records(users, orgs, records):
    messages = {
        "plain": OutboxMessage(kind=ReminderKind.due, user_id=users["alice"],
                               project_id=records["project"]["own"],
                               status=MailStatus.undeliverable),
        "confidential": OutboxMessage(kind=ReminderKind.due, user_id=users["leader"],
                                      project_id=records["project"]["confidential"],
                                      confidential=True, status=MailStatus.retrying),
    }
    for label, message in messages.items():
        message.to_addr, message.message_id = "x@zsj.example.com", f"<matrix-{label}@crm>"
        message.subject, message.body_text, message.body_html = label, label, label
    db.session.add_all(messages.values())
    db.session.commit()
    ids = {label: message.id for label, message in messages.items()}
    return {"outbox_message": {**ids, "missing": MISSING}}
