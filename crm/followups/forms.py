"""The follow-up form: type, date, participants, summary, next step and due date."""

import sqlalchemy as sa
from wtforms import SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from crm.extensions import db
from crm.forms import (
    ChoiceField,
    DayField,
    Form,
    OptionalDayField,
    WholeNumberField,
    chosen_users,
    clean,
    coerce_id,
    dict_choices,
    no_nul,
    picker,
)
from crm.localtime import today
from crm.models import Contact, DictKind, ProjectInvestor, Role

CONFLICT = "该对接记录已被修改（可能在另一个窗口），您的修改未保存。请刷新后重新编辑。"
# Who takes part on our side: anyone who may log a follow-up.
STAFF_ROLES = (Role.staff, Role.leader, Role.liaison)


class MultiChoiceField(SelectMultipleField):
    """A multi-select (or checkbox list) answering unknown values with one Chinese message."""

    def __init__(self, label=None, invalid="请从列表中选择", **kwargs):
        super().__init__(label, coerce=coerce_id, **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(self.invalid) from exc

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        known = {choice[0] for choice in self.choices}
        if any(value not in known for value in self.data or []):
            raise StopValidation(self.invalid)


def contact_choices(project_id: int) -> list[tuple[int, str]]:
    """The contacts of the project's investors, as (id, "name（title · company）")."""
    rows = db.session.execute(
        sa.select(Contact.id, Contact.name, Contact.title)
        .join(ProjectInvestor, ProjectInvestor.company_id == Contact.company_id)
        .where(ProjectInvestor.project_id == project_id).order_by(Contact.name)).all()
    return [(row.id, f"{row.name}（{row.title}）" if row.title else row.name) for row in rows]


class FollowUpForm(Form):
    ID_PREFIX = "followup-"
    kind_id = ChoiceField("对接方式", coerce=coerce_id, invalid="请从列表中选择对接方式")
    contact_date = DayField("对接日期", validators=[InputRequired("请输入对接日期")])
    contacts = MultiChoiceField("企业方参与人", invalid="请从列表中选择企业联系人",
                                widget=ListWidget(prefix_label=False),
                                option_widget=CheckboxInput())
    staff = MultiChoiceField("我方参与人", invalid="请从列表中选择我方人员")
    other_participants = StringField("其他参与人", filters=[clean], validators=[
        no_nul, Length(max=500, message="其他参与人不能超过500个字")])
    summary = TextAreaField("对接内容", filters=[clean], validators=[
        no_nul, DataRequired("请填写对接内容"),
        Length(max=2000, message="对接内容不能超过2000个字")], render_kw={"rows": 3})
    next_step = StringField("下一步", filters=[clean], validators=[
        no_nul, Length(max=500, message="下一步不能超过500个字")])
    next_due_date = OptionalDayField("下次跟进日期")
    submit = SubmitField("保存")

    def __init__(self, *args, project_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind_id.choices = dict_choices(DictKind.followup_type)[1:]  # no blank: 电话 first
        self.contacts.choices = contact_choices(project_id)
        self.staff.choices = [(choice.value, choice.label) for choice
                              in chosen_users(self.staff.data, *STAFF_ROLES, blank=None)]
        self.staff.render_kw = picker("people", *STAFF_ROLES)

    def validate_contact_date(self, field):
        if field.data > today():
            raise ValidationError("对接日期不能晚于今天")

    def validate_next_due_date(self, field):
        if field.data and self.contact_date.data and field.data < self.contact_date.data:
            raise ValidationError("下次跟进日期不能早于对接日期")


class FollowUpEditForm(FollowUpForm):
    version = WholeNumberField(widget=HiddenInput(), validators=[InputRequired(CONFLICT)])

