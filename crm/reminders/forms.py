"""我的提醒设置: one checkbox per ReminderPreference column."""

from wtforms import BooleanField, SubmitField

from crm.forms import Form


class Checkbox(BooleanField):
    """A checkbox that takes only what a browser sends for it ("y") or nothing.

    WTForms' BooleanField reads any other value as "on", so a forged or mangled post would
    quietly switch e-mails on; here it is refused with a message instead.
    """

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, default=True, **kwargs)
        self.type = "BooleanField"  # _form.html draws checkboxes by this name

    def process_formdata(self, valuelist):
        self.data = bool(valuelist)
        if valuelist and valuelist[0] != "y":
            self.data = False
            raise ValueError("选项无效，请重新勾选后保存")


class PreferencesForm(Form):
    due = Checkbox("跟进到期提醒")
    escalation = Checkbox("逾期上报")
    stale = Checkbox("长期未对接提醒")
    daily_digest = Checkbox("每日摘要")
    weekly_digest = Checkbox("周调度摘要")
    submit = SubmitField("保存设置")

    # Column names in the order the page shows them, with what each e-mail is about.
    HELP = {
        "due": "我的对接记录约定的下次跟进日期到了，当天08:00提醒我。",
        "escalation": "我包联的项目跟进逾期时上报给我（包联领导）。",
        "stale": "我负责的在谈项目长期没有对接记录时提醒我。",
        "daily_digest": "工作日08:30：到期和逾期的跟进、红黄灯项目、我的项目最近的变化。",
        "weekly_digest": "每周第一个工作日：新增线索、阶段变化、签约和逾期情况（供领导周调度）。",
    }
