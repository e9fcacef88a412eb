"""Agreement and fund-arrival forms; amounts through the money parser, files checked by content.

The edit forms carry the version the user started from (optimistic locking, as for projects).
"""

from datetime import date

import sqlalchemy as sa
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from crm import uploads
from crm.agreements.queries import over_agreed
from crm.domain.stages import AgreementKind
from crm.extensions import db
from crm.forms import (
    ChoiceField,
    DayField,
    Form,
    MoneyField,
    OptionalDayField,
    WholeNumberField,
    clean,
    coerce_id,
    no_nul,
    options,
)
from crm.localtime import today
from crm.models import Activity

AGREEMENT_CONFLICT = ("该协议已被他人修改或作废（可能在另一个窗口），您的修改未保存。"
                      "请返回项目页查看最新内容后重新更正。")
FUND_CONFLICT = ("该笔到位资金已被他人修改或作废（可能在另一个窗口），您的修改未保存。"
                 "请返回项目页查看最新内容后重新更正。")


def _not_future(field) -> None:
    if field.data and field.data > today():
        raise ValidationError("日期不能晚于今天")


def activity_choices():
    rows = db.session.execute(sa.select(Activity.id, Activity.title, Activity.held_on)
                              .order_by(Activity.held_on.desc()).limit(200)).all()
    return options([(0, "（无）"), *((r.id, f"{r.held_on.isoformat()} {r.title}") for r in rows)])


class AgreementForm(Form):
    kind = ChoiceField("协议类型", choices=options((k.value, k.label) for k in AgreementKind),
                       default=AgreementKind.investment.value, invalid="请选择协议类型")
    title = StringField("协议名称", filters=[clean], validators=[
        no_nul, Length(max=200, message="协议名称不能超过200个字")])
    signed_on = DayField("签约日期", default=today, validators=[InputRequired("请输入签约日期")])
    amount = MoneyField("协议金额（万元）")
    agreed_start_date = OptionalDayField("约定开工日期")
    activity_id = ChoiceField("签约活动（如云签约）", coerce=coerce_id,
                              invalid="请从列表中选择招商活动")
    note = TextAreaField("备注", filters=[clean], validators=[
        no_nul, Length(max=2000, message="备注不能超过2000个字")])
    attachment = FileField("协议扫描件（PDF 或图片，10MB 以内，可不传）")
    submit = SubmitField("保存协议")

    def __init__(self, *args, lead_on: date | None = None, **kwargs):
        """`lead_on`: the project's 线索日期 (crm.projects.forms.project_dates), which no
        agreement may precede."""
        super().__init__(*args, **kwargs)
        self.activity_id.choices = activity_choices()
        self.checked = None
        self.lead_on = lead_on

    def validate_signed_on(self, field):
        _not_future(field)
        if field.data and self.lead_on and field.data < self.lead_on:
            raise ValidationError(
                f"签约日期（{field.data}）不能早于项目的线索日期（{self.lead_on}），请核对签约日期")

    def validate_amount(self, field):
        if field.amount is None and self.kind.data in (AgreementKind.investment.value,
                                                       AgreementKind.supplement.value):
            raise ValidationError("投资协议和补充协议须填写协议金额（补充协议填变更后的总额）")
        if field.amount is not None and field.amount <= 0:
            raise ValidationError("协议金额应大于0")

    def validate_attachment(self, field):
        upload = field.data
        if not isinstance(upload, FileStorage) or not upload.filename:
            return
        try:
            self.checked = uploads.check(upload.stream, upload.filename)
        except uploads.UploadError as exc:
            raise ValidationError(str(exc)) from None


class FundForm(Form):
    arrived_on = DayField("到位日期", default=today, validators=[InputRequired("请输入到位日期")])
    amount = MoneyField("到位金额（万元）")
    source = StringField("资金来源", filters=[clean], validators=[
        no_nul, Length(max=200, message="资金来源不能超过200个字")])
    note = TextAreaField("备注", filters=[clean], validators=[
        no_nul, Length(max=2000, message="备注不能超过2000个字")])
    # Shown once an amount looks like a unit slip (more than the agreements say).
    confirmed = BooleanField("确认金额无误")
    submit = SubmitField("保存")

    def __init__(self, *args, agreed: int | None = None, recorded: int = 0, **kwargs):
        """`agreed`: the project's 协议金额; `recorded`: its live 到位资金 besides this one."""
        super().__init__(*args, **kwargs)
        self.amount.flags.required = True  # checked in validate_amount; marks the label
        self.agreed, self.recorded = agreed, recorded
        self.asks_confirmation = bool(self.confirmed.data)

    def validate_arrived_on(self, field):
        _not_future(field)

    def validate_amount(self, field):
        if field.amount is None:
            raise ValidationError("请填写到位金额")
        if field.amount <= 0:
            raise ValidationError("到位金额应大于0")
        problem = over_agreed(field.amount, self.recorded, self.agreed)
        if problem:
            self.asks_confirmation = True
            if not self.confirmed.data:
                raise ValidationError(problem)


def _version(message: str) -> WholeNumberField:
    return WholeNumberField(widget=HiddenInput(), validators=[InputRequired(message)])


class AgreementEditForm(AgreementForm):
    version = _version(AGREEMENT_CONFLICT)
    submit = SubmitField("保存更正")

    def __init__(self, *args, keep_activity: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The agreement's own activity stays a choice even when older than the list shows.
        known = {choice.value for choice in self.activity_id.choices}
        activity = db.session.get(Activity, keep_activity) if keep_activity else None
        if activity is not None and activity.id not in known:
            self.activity_id.choices += options(
                [(activity.id, f"{activity.held_on.isoformat()} {activity.title}")])


class FundEditForm(FundForm):
    version = _version(FUND_CONFLICT)
    submit = SubmitField("保存更正")


class VoidForm(Form):
    """作废 with its reason. Its fields are named apart from the edit form's on the same page."""

    void_reason = StringField("作废原因", filters=[clean], validators=[
        no_nul, DataRequired("请填写作废原因"), Length(max=500, message="作废原因不能超过500个字")])
    void_version = _version("请刷新页面后重新作废")
