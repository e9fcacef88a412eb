"""Project forms. The edit form is cut down per role; every check answers in Chinese."""

from dataclasses import replace

import sqlalchemy as sa
from wtforms import (
    BooleanField,
    DecimalField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from crm.domain.chronology import CONFIRM_START_BEFORE_SIGNING, ProjectDates
from crm.domain.money import format_exact
from crm.domain.stages import PipelineClass, Stage, Status
from crm.extensions import db
from crm.forms import (
    ChoiceField,
    DayField,
    Form,
    MoneyField,
    OptionalDayField,
    WholeNumberField,
    chosen_ids,
    chosen_users,
    clean,
    coerce_id,
    dict_choices,
    no_nul,
    not_future,
    options,
    org_choices,
    picker,
)
from crm.localtime import today
from crm.models import Activity, Company, DictKind, Role, StageChange

CONFLICT = "该项目已被他人修改，您的修改未保存。请查看下方他人的修改，重新打开编辑页后再改。"
MAX_TEXT = 2000


class CompaniesField(SelectMultipleField):
    """A multi-select that answers unknown values with a Chinese message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("请从列表中选择投资方企业") from exc

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        known = {self.coerce(choice.value) for choice in self.iter_choices()}
        if any(value not in known for value in self.data or []):
            raise StopValidation("请从列表中选择投资方企业")


def _chosen_companies(*selected) -> list:
    """The companies an investor picker renders: the chosen ones (the rest arrive as the user
    types, crm/search/options.py); any existing company may be chosen."""
    ids = set().union(*(chosen_ids(value) for value in selected))
    if not ids:
        return []
    return options(db.session.execute(
        sa.select(Company.id, Company.name).where(Company.id.in_(ids))
        .order_by(Company.name)).all())


def _activity_choices():
    rows = db.session.execute(sa.select(Activity.id, Activity.title)
                              .order_by(Activity.held_on.desc()).limit(200)).all()
    return options([(0, "（无）"), *rows])


def people_picker(field, *roles: Role, blank: str = "（无）") -> None:
    """A type-ahead people picker (crm/forms.py): the chosen user only, the rest as typed."""
    field.choices = chosen_users(field.data, *roles, blank=blank)
    field.render_kw = picker("people", *roles)


def project_dates(project) -> ProjectDates:
    """A saved project's dates, as the date checks of its forms need them: the stored milestone
    dates, 签约 (the first 投资协议) and 线索 (the first stage change's effective date, or the
    stage date of a project still at 线索 that has none)."""
    lead_on = db.session.scalar(
        sa.select(StageChange.effective_date).where(StageChange.project_id == project.id)
        .order_by(StageChange.id).limit(1))
    if lead_on is None and project.stage == Stage.lead:
        lead_on = project.stage_date
    return ProjectDates(lead_on=lead_on, signed_on=project.signed_on,
                        **{name: getattr(project, name) for name in DatesForm.DATE_FIELDS})


class DatesForm(Form):
    """What a liaison may change: the dates the project reached each milestone.

    `context` carries the project's other dates (from `project_dates`), against which these are
    checked; without it only the dates on the form are. `blank_keeps_stored` is for the
    milestone form, where a blank date leaves the stored one: the check then uses that."""

    registered_on = OptionalDayField("注册（落地）日期", validators=[Optional()])
    started_on = OptionalDayField("开工日期", validators=[Optional()])
    confirm_start_before_signing = BooleanField(CONFIRM_START_BEFORE_SIGNING)
    producing_on = OptionalDayField("投产日期", validators=[Optional()])
    operating_on = OptionalDayField("达效日期", validators=[Optional()])
    submit = SubmitField("保存")

    DATE_FIELDS = ("registered_on", "started_on", "producing_on", "operating_on")

    def __init__(self, *args, context: ProjectDates | None = None,
                 blank_keeps_stored: bool = False, **kwargs):
        self.context = context or ProjectDates()
        self.blank_keeps_stored = blank_keeps_stored
        # Stored dates that already start before the signing were accepted once: the box comes
        # ticked, so saving an unrelated change does not ask again.
        kwargs.setdefault("confirm_start_before_signing", self.context.starts_before_signing)
        super().__init__(*args, **kwargs)

    def dates(self) -> ProjectDates:
        """The project's dates as they will be once this form is saved."""
        known = {}
        for name in self.DATE_FIELDS:
            value = self[name].data
            known[name] = getattr(self.context, name) \
                if value is None and self.blank_keeps_stored else value
        if "lead_on" in self:
            known["lead_on"] = self["lead_on"].data
        return replace(self.context, **known)

    @property
    def start_confirm_relevant(self) -> bool:
        """Whether to offer 确认开工早于签约: the project starts before its signing, as stored or
        as submitted."""
        return self.context.starts_before_signing or self.dates().starts_before_signing

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        problems = self.dates().check(
            today=today(), start_before_signing_confirmed=self.confirm_start_before_signing.data)
        for name, message in problems.items():
            # 签约 (and 线索 on the dates form) are not fields here: nothing to correct on it.
            if name in self and not self[name].errors:
                self[name].errors.append(message)
                valid = False
        return valid


PIPELINE_CLASS_CHOICES = options(
    [("", "（未分类）"), *((c.value, f"{c.value}类 {c.label}") for c in PipelineClass)])


class ProjectForm(DatesForm):
    name = StringField("项目名称", filters=[clean], validators=[
        no_nul, DataRequired("请输入项目名称"), Length(max=200, message="项目名称不能超过200个字")])
    description = TextAreaField("项目简介", filters=[clean], validators=[
        no_nul, Length(max=MAX_TEXT, message=f"项目简介不能超过{MAX_TEXT}个字")])
    channel_id = ChoiceField("招商渠道", coerce=coerce_id, invalid="请从列表中选择招商渠道")
    activity_id = ChoiceField("来源活动", coerce=coerce_id, invalid="请从列表中选择招商活动")
    cluster_id = ChoiceField("产业集群", coerce=coerce_id, invalid="请从列表中选择产业集群")
    key_level_id = ChoiceField("重点项目级别", coerce=coerce_id, invalid="请从列表中选择级别")
    pipeline_class = ChoiceField("项目分类", choices=PIPELINE_CLASS_CHOICES,
                                 invalid="请从列表中选择项目分类")
    total_investment = MoneyField("总投资（万元）")
    fixed_asset_investment = MoneyField("固定资产投资（万元）")
    expected_annual_output = MoneyField("预计年产值（万元）")
    expected_annual_tax = MoneyField("预计年税收（万元）")
    foreign_investment_usd = MoneyField("利用外资（万美元）", usd=True)
    jobs = WholeNumberField("预计就业（人）", validators=[
        Optional(), NumberRange(0, 10_000_000, message="就业人数应为 0 到 10000000 之间的整数")])
    land_mu = DecimalField("用地（亩）", places=2, validators=[
        Optional(), NumberRange(0, 99_999_999, message="用地应为 0 到 99999999 亩之间的数")])
    leader_id = ChoiceField("包联领导", coerce=coerce_id, invalid="请从列表中选择领导")
    org_id = ChoiceField("责任单位", coerce=coerce_id, invalid="请从列表中选择责任单位")
    owner_id = ChoiceField("负责人", coerce=coerce_id, invalid="请从列表中选择局干部")
    first_contact_by_id = ChoiceField("首谈人", coerce=coerce_id, invalid="请从列表中选择首谈人")
    first_contact_note = StringField("首谈说明", filters=[clean], validators=[
        no_nul, Length(max=200, message="首谈说明不能超过200个字")])
    investors = CompaniesField("投资方企业", coerce=coerce_id)
    lead_investor = ChoiceField("主投资方", coerce=coerce_id, invalid="请从列表中选择主投资方")
    confidential = BooleanField("保密项目")
    code_name = StringField("代号（保密项目在打印和导出时使用）", filters=[clean], validators=[
        no_nul, Length(max=100, message="代号不能超过100个字")])

    MONEY_FIELDS = ("total_investment", "fixed_asset_investment", "expected_annual_output",
                    "expected_annual_tax", "foreign_investment_usd")
    CHOICE_FIELDS = ("channel_id", "activity_id", "cluster_id", "key_level_id", "leader_id",
                     "org_id", "first_contact_by_id")

    def __init__(self, *args, can_set_owner: bool = False, stage: Stage | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage  # the project's stage when editing; a new project is a 线索
        self.channel_id.choices = dict_choices(DictKind.channel)
        self.cluster_id.choices = dict_choices(DictKind.cluster)
        self.key_level_id.choices = dict_choices(DictKind.key_level)
        self.activity_id.choices = _activity_choices()
        self.org_id.choices = org_choices()
        people_picker(self.leader_id, Role.leader)
        people_picker(self.first_contact_by_id, *Role)
        # The lead investor is one of the investors: its options follow the investor picker.
        companies = _chosen_companies(self.investors.data, self.lead_investor.data)
        self.investors.choices = companies
        self.investors.render_kw = picker("company")
        self.lead_investor.choices = [*options([(0, "（未指定）")]), *companies]
        self.lead_investor.render_kw = {"data-picker-follows": self.investors.id}
        if can_set_owner:
            people_picker(self.owner_id, Role.staff, blank="（请选择）")
        else:
            del self.owner_id

    def validate_owner_id(self, field):
        if not field.data:
            raise ValidationError("请选择负责人")

    def validate_fixed_asset_investment(self, field):
        # total_investment is declared first, so its amount is parsed by the time this runs.
        total, fixed = self.total_investment.amount, field.amount
        if total is not None and fixed is not None and fixed > total:
            raise ValidationError(f"固定资产投资（{format_exact(fixed)}）不能大于总投资"
                                  f"（{format_exact(total)}）")

    def validate_lead_investor(self, field):
        if field.data and field.data not in (self.investors.data or []):
            raise ValidationError("主投资方须是所选投资方企业之一")
        # The stage gate (crm/domain/stages.py): from 接洽 on the lead investor stays.
        lead = field.data or sole_investor(self.investors.data or [])
        if not lead and self.stage is not None and self.stage.rank >= Stage.contact.rank:
            raise ValidationError(f"项目已处于「{self.stage.label}」阶段，须选定主投资方"
                                  "（先在“投资方企业”中选择企业）")

    def validate_code_name(self, field):
        if self.confidential.data and not field.data:
            raise ValidationError("保密项目须填写代号")


def sole_investor(company_ids: list[int]) -> int:
    """A project with one investor company: that company is its 主投资方 unless one is named."""
    distinct = set(company_ids)
    return distinct.pop() if len(distinct) == 1 else 0


class NewProjectForm(ProjectForm):
    """Creating a project: it has been a 线索 since a real-world date, so a bureau entering
    its past years gets a timeline in the right order."""

    lead_on = DayField("线索日期", validators=[InputRequired("请输入线索日期")])


class _Versioned:
    """The version the user started from, and the last audit row they could have seen."""

    version = WholeNumberField(widget=HiddenInput(), validators=[InputRequired(CONFLICT)])
    audit_mark = WholeNumberField(widget=HiddenInput(), validators=[Optional()])


class DatesEditForm(_Versioned, DatesForm):
    """A liaison's edit form: the milestone dates only."""


class ProjectEditForm(_Versioned, ProjectForm):
    pass


class StageForm(Form):
    ID_PREFIX = "stage-"
    to_stage = ChoiceField("移至阶段", choices=options((s.value, s.label) for s in Stage),
                           invalid="请选择阶段")
    effective_date = DayField("实际发生日期", validators=[InputRequired("请输入实际发生日期")])
    # Asked for, not required, on a move to 落地 or beyond: a local company expanding starts
    # work without registering anew (crm/domain/stages.py check_stage_move).
    registered_on = OptionalDayField("注册（落地）日期（如有）", validators=[Optional()])
    note = TextAreaField("说明（退回时必填）", filters=[clean], validators=[
        no_nul, Length(max=500, message="说明不能超过500个字")])
    submit = SubmitField("调整阶段")

    def validate_effective_date(self, field):
        not_future(field)

    def validate_registered_on(self, field):
        not_future(field)
        moved_on = self.effective_date.data
        if field.data and moved_on and field.data > moved_on:
            raise ValidationError(
                f"注册（落地）日期不能晚于本次阶段调整的实际发生日期（{moved_on}）")


class StatusForm(Form):
    ID_PREFIX = "status-"
    to_status = ChoiceField("改为状态", choices=options((s.value, s.label) for s in Status),
                            invalid="请选择状态")
    effective_date = DayField("实际发生日期", validators=[InputRequired("请输入实际发生日期")])
    reason = TextAreaField("原因", filters=[clean], validators=[
        no_nul, DataRequired("请填写原因"), Length(max=500, message="原因不能超过500个字")])
    submit = SubmitField("变更状态")

    def validate_effective_date(self, field):
        not_future(field)


class TeamAddForm(Form):
    ID_PREFIX = "team-"
    user_id = ChoiceField("添加成员", coerce=coerce_id, invalid="请从列表中选择局干部或单位联络员")
    submit = SubmitField("加入团队")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people_picker(self.user_id, Role.staff, Role.liaison, blank="（请选择）")

    def validate_user_id(self, field):
        if not field.data:
            raise ValidationError("请选择成员")


class OwnerForm(Form):
    """移交负责人 on the project page: the owner or the 包联领导 hands it to a colleague."""
    ID_PREFIX = "owner-"
    owner_id = ChoiceField("移交给", coerce=coerce_id, invalid="请从列表中选择局干部")
    submit = SubmitField("移交负责人")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people_picker(self.owner_id, Role.staff, blank="（请选择）")

    def validate_owner_id(self, field):
        if not field.data:
            raise ValidationError("请选择新的负责人")


class CommentForm(Form):
    ID_PREFIX = "comment-"
    body = TextAreaField("批示内容", filters=[clean], validators=[
        no_nul, DataRequired("请输入批示内容"),
        Length(max=MAX_TEXT, message=f"批示不能超过{MAX_TEXT}个字")])
    submit = SubmitField("发布批示")
