"""我的提醒 and 我的提醒设置 (built next)."""

from flask_login import login_required

from crm.reminders import bp


@bp.get("/settings")
@login_required
def preferences():
    return "settings"
