"""Every export is recorded (who, what, when, filters, row count) and sent as a download."""

import json
from datetime import datetime

from flask import send_file
from flask_login import current_user

from crm.extensions import db, write_transaction
from crm.localtime import SHANGHAI, UTC
from crm.models import ExportRecord, utcnow

FILTERS_LIMIT = 2000  # characters of the query string kept


def filters_of(args) -> str:
    values = {key: (vals[0] if len(vals) == 1 else vals)
              for key, vals in args.lists() if key != "page"}
    return json.dumps(values, ensure_ascii=False, sort_keys=True)[:FILTERS_LIMIT]


def record(kind: str, args, row_count: int, real_names: bool) -> None:
    """The export's record, written in its own short transaction (exports are GETs)."""
    with write_transaction():
        db.session.add(ExportRecord(user_id=current_user.id, kind=kind, filters=filters_of(args),
                                    row_count=row_count, real_names=real_names))


def now_local() -> datetime:
    return utcnow().replace(tzinfo=UTC).astimezone(SHANGHAI)


def download(handle, filename: str, mimetype: str):
    return send_file(handle, mimetype=mimetype, as_attachment=True, download_name=filename,
                     max_age=0)
