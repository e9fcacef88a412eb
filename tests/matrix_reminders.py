"""我的提醒, 我的提醒设置 and the calendar feed in the authorization matrix (merged into
tests/matrix.py).

Reporters receive no reminders, so the two pages answer them 403. A message page is for its
recipient only: the record is alice's reminder about her own project, so alice (staff) reads it
and every other signed-in role, reporters included, gets 404. The feed is opened by calendar
apps without a session: alice's feed answers everyone, signed in or not; a wrong or revoked
token (404 for everyone, which the table cannot say for anonymous) is tested in tests/reminders.
"""

import secrets

from crm.extensions import db
from crm.models import OutboxMessage, ReminderKind, ReminderPreference
from crm.reminders.views import token_digest
from tests.matrix import MISSING, SIGNED_IN, Route

_RECEIVERS = frozenset({"leader", "staff", "liaison", "admin"})

ENDPOINTS = {
    "reminders.preferences": Route(roles=_RECEIVERS),
    "reminders.calendar_create": Route(post_only=True, writers=_RECEIVERS),
    "reminders.calendar_revoke": Route(post_only=True, writers=_RECEIVERS),
    "reminders.mine": Route(roles=_RECEIVERS),
    "reminders.message": Route(roles=frozenset({"staff"}), denied=404),
    "reminders.calendar_feed": Route(roles=SIGNED_IN, anonymous=200),
}

ARGUMENTS = {
    "message_id": "outbox_message",
    "reminders.calendar_feed:token": "calendar_token",
}


def make_records(users, orgs, records):
    own = records["project"]["own"]
    message = OutboxMessage(
        kind=ReminderKind.due, user_id=users["alice"], project_id=own,
        to_addr="alice@zsj.example.com", subject="【跟进提醒】光伏组件项目：今天应跟进",
        body_text="李爱丽，您好：", body_html="<p>李爱丽，您好：</p>",
        message_id="<matrix.due@crm.local>")
    token = secrets.token_urlsafe(32)
    db.session.add_all([message, ReminderPreference(user_id=users["alice"],
                                                    ical_token_hash=token_digest(token))])
    db.session.commit()
    return {"outbox_message": {"alice_own": message.id, "missing": MISSING},
            "calendar_token": {"alice": token}}
