"""Activity form and the batch form of leads raised at an activity; Chinese messages on fields."""

import sqlalchemy as sa
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.i18n import get_translations
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from crm.domain.uscc import check_uscc
from crm.extensions import db
from crm.forms import (
    ChoiceField,
    DayField,
    Form,
    MoneyField,
    WholeNumberField,
    clean,
    coerce_id,
    no_nul,
    options,
    org_choices,
)
from crm.models import DictItem, DictKind, Role, User

CONFLICT = "该活动已被他人修改，您的修改未保存。请刷新页面查看最新内容后重新修改。"
DEFAULT_ROWS = 5
MAX_ROWS = 30
YEARS = range(2000, 2101)


def dict_choices(kind: DictKind, blank: str, keep: int | None = None):
    """Active items of one dictionary, plus a retired one the record still uses."""
    rows = db.session.execute(
        sa.select(DictItem.id, DictItem.label)
        .where(DictItem.kind == kind, sa.or_(DictItem.active.is_(True), DictItem.id == keep))
        .order_by(DictItem.sort_order, DictItem.id)).all()
    return options([(0, blank), *rows])


class LeadersField(SelectMultipleField):
    """Leaders present: a multi-select answering unknown values with one Chinese message."""

    MESSAGE = "请从列表中选择出席领导"
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist):
        try:
            super().process_formdata([v for v in valuelist if v != ""])
        except ValueError as exc:
            raise ValueError(self.MESSAGE) from exc

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        known = {self.coerce(choice.value) for choice in self.iter_choices()}
        if any(value not in known for value in self.data or []):
            raise StopValidation(self.MESSAGE)


class ActivityForm(Form):
    kind_id = ChoiceField("活动类型", coerce=coerce_id, invalid="请从列表中选择活动类型")
    title = StringField("活动名称", filters=[clean], validators=[
        no_nul, DataRequired("请输入活动名称"), Length(max=200, message="活动名称不能超过200个字")])
    held_on = DayField("活动日期", validators=[InputRequired("请输入活动日期")])
    platform_id = ChoiceField("平台/形式", coerce=coerce_id, invalid="请从列表中选择平台")
    location = StringField("地点", filters=[clean], validators=[
        no_nul, Length(max=200, message="地点不能超过200个字")])
    organiser_org_id = ChoiceField("主办单位", coerce=coerce_id, invalid="请从列表中选择主办单位")
    leaders = LeadersField("出席领导", coerce=coerce_id)
    notes = TextAreaField("备注", filters=[clean], validators=[
        no_nul, Length(max=2000, message="备注不能超过2000个字")])
    submit = SubmitField("保存")

    def __init__(self, *args, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind_id.choices = dict_choices(DictKind.activity_type, "（请选择）",
                                            activity.kind_id if activity else None)
        self.platform_id.choices = dict_choices(DictKind.platform, "（无）",
                                                activity.platform_id if activity else None)
        self.organiser_org_id.choices = org_choices()
        self.leaders.choices = options(db.session.execute(
            sa.select(User.id, User.name).where(User.role == Role.leader, sa.or_(
                User.active.is_(True), User.id.in_([u.id for u in activity.leaders]
                                                   if activity else [])))
            .order_by(User.name)).all())

    def validate_kind_id(self, field):
        if not field.data:
            raise ValidationError("请选择活动类型")

    def validate_held_on(self, field):
        if field.data.year not in YEARS:
            raise ValidationError(f"年份应在 {YEARS.start}–{YEARS.stop - 1} 之间")


class ActivityEditForm(ActivityForm):
    version = WholeNumberField(widget=HiddenInput(), validators=[InputRequired(CONFLICT)])


# --- Leads raised at an activity, several rows at once -------------------------------------

class _RowBase(PlainForm):
    """A row inside the batch form: no CSRF of its own, WTForms' messages in Chinese."""

    class Meta:
        def get_translations(self, form):
            return get_translations(["zh"])


class LeadRowForm(_RowBase):
    company = StringField("企业名称", filters=[clean], validators=[
        no_nul, Length(max=200, message="企业名称不能超过200个字")])
    uscc = StringField("统一社会信用代码", filters=[clean], validators=[
        no_nul, Length(max=40, message="统一社会信用代码应为18位，请检查")],
        render_kw={"placeholder": "可留空；已登记的企业只填代码即可"})
    intention = TextAreaField("投资意向", filters=[clean], validators=[
        no_nul, Length(max=2000, message="投资意向不能超过2000个字")],
        render_kw={"rows": 1, "placeholder": "拟投资内容、规模、选址意向等"})
    estimate = MoneyField("预计投资（万元）", validators=[no_nul],
                          render_kw={"placeholder": "如 5000 或 2亿"})
    project_name = StringField("项目名称（可留空）", filters=[clean], validators=[
        no_nul, Length(max=200, message="项目名称不能超过200个字")])
    confirm = BooleanField("已知悉，仍然录入")

    TEXT = ("company", "uscc", "intention", "estimate", "project_name")

    def validate_uscc(self, field):
        if not field.data:
            return
        check = check_uscc(field.data)
        if check.checksum_failed:
            raise ValidationError("校验位不符（GB 32100-2015），请核对；"
                                  "早期试点代码请先在企业页面登记该企业")
        if not check.ok:
            raise ValidationError(check.message)
        field.data = check.code

    def is_blank(self) -> bool:
        return not any((self[name].data or "").strip() for name in self.TEXT) and not any(
            "\x00" in value for name in self.TEXT for value in self[name].raw_data or []
            if isinstance(value, str))

    def validate(self, extra_validators=None):
        if self.is_blank():
            return True  # an unused row: nothing to check, nothing to save
        ok = super().validate(extra_validators)
        if ok and not self.company.data and not self.uscc.data:
            self.company.errors.append("请填写企业名称或统一社会信用代码")
            return False
        return ok


class LeadsForm(Form):
    rows = FieldList(FormField(LeadRowForm), min_entries=DEFAULT_ROWS, max_entries=MAX_ROWS)
    submit = SubmitField("全部录入")

    def filled(self) -> list:
        return [row.form for row in self.rows if not row.form.is_blank()]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.rows.entries:
            return False
        if ok and not self.filled():
            self.rows[0].form.company.errors = ["请至少填写一行企业和投资意向"]
            return False
        return ok
