"""Intake forms: the reporter's lead, the public 投资意向登记 form and the screening actions."""

from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SearchField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from crm.domain.money import MoneyError, parse_money
from crm.domain.uscc import check_uscc
from crm.forms import ChoiceField, Form, clean, coerce_id, org_choices
from crm.models import Role
from crm.projects.forms import PIPELINE_CLASS_CHOICES, people_picker
from crm.search.forms import MAX_LENGTH as SEARCH_MAX_LENGTH

# Mainland mobile (13800138000, +86 138…) or landline with area code (0310-1234567, ext. -801).
PHONE = r"^(?:(?:\+?86[- ]?)?1[3-9]\d{9}|0\d{2,3}[- ]?\d{7,8}(?:[- ]\d{1,6})?)$"
PHONE_MESSAGE = "请输入手机号（如 13800138000）或带区号的固定电话（如 0310-1234567）"


class _LeadFields(Form):
    company_name = StringField("企业名称", filters=[clean], validators=[
        DataRequired("请输入企业名称"), Length(max=200, message="企业名称不能超过200个字")])
    uscc = StringField("统一社会信用代码（选填）", filters=[clean])
    contact_name = StringField("联系人", filters=[clean], validators=[
        DataRequired("请输入联系人姓名"), Length(max=50, message="联系人姓名不能超过50个字")])
    contact_phone = StringField("联系电话", filters=[clean], validators=[
        DataRequired("请输入联系电话"), Length(max=30, message="电话不能超过30个字符"),
        Regexp(PHONE, message=PHONE_MESSAGE)])
    intention = TextAreaField("投资意向", filters=[clean], validators=[
        DataRequired("请简要说明投资意向，如拟投资的产业、规模、用地需求"),
        Length(max=2000, message="投资意向不能超过2000个字")])
    estimated_amount = StringField("预计投资额（万元，选填）", filters=[clean])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.uscc_code: str | None = None
        self.amount: int | None = None

    def validate_uscc(self, field):
        if len(field.data or "") > 40:
            raise ValidationError("统一社会信用代码应为18位，请检查")
        result = check_uscc(field.data or "")
        if not result.ok:
            raise ValidationError(result.message or "统一社会信用代码校验位不符，请核对")
        self.uscc_code = result.code

    def validate_estimated_amount(self, field):
        if not field.data:
            return
        try:
            self.amount = parse_money(field.data, unit="万元")
        except MoneyError as exc:
            raise ValidationError(str(exc)) from exc


class LeadForm(_LeadFields):
    submit = SubmitField("提交线索")


class PublicForm(_LeadFields):
    contact_email = EmailField("电子邮箱（选填）", filters=[clean], validators=[
        Optional(), Length(max=254, message="邮箱过长"), Email("邮箱格式不正确")])
    # The honeypot: hidden from people by CSS, filled in by form-filling robots.
    website = StringField("网站（请勿填写）", filters=[clean])
    consent = BooleanField("我已阅读并同意上述个人信息处理说明", validators=[
        DataRequired("请勾选同意个人信息处理说明后再提交")])
    submit = SubmitField("提交登记")


class RejectForm(Form):
    reason = StringField("不予受理原因", filters=[clean], validators=[
        DataRequired("请填写不予受理的原因"), Length(max=500, message="原因不能超过500个字")])


NO_SUCH_PROJECT = "没有这个项目，请从候选或搜索结果中选择"


class DuplicateForm(Form):
    """The project a lead duplicates, as its opaque token (crm/projects/ref.py): picked from
    the candidates or from a search by name, never typed. The view decodes and checks it."""

    duplicate_of = StringField("重复于", filters=[clean], validators=[
        DataRequired("请从候选或搜索结果中选择已有项目")])
    # The search the choice came from, so a refused choice shows its results again.
    q = HiddenField(filters=[clean])


class FindForm(Form):
    """GET /intake/queue?find=<lead token>&q=...: projects by name for one lead's 标为重复."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    find = HiddenField(filters=[clean])
    q = SearchField("按项目或企业名称查找", filters=[clean], validators=[
        DataRequired("请输入要查找的项目或企业名称"),
        Length(max=SEARCH_MAX_LENGTH, message=f"搜索词过长：请不超过 {SEARCH_MAX_LENGTH} 个字")])


class AcceptForm(Form):
    """受理: the lead enters the pipeline with its 责任单位, 包联领导, 分类 and 负责人 set in the
    same step (each may stay blank and be set later on the project). One form per lead card,
    told apart by a prefix, so the queue's field ids stay unique."""

    org_id = ChoiceField("责任单位", coerce=coerce_id, invalid="请从列表中选择责任单位")
    leader_id = ChoiceField("包联领导", coerce=coerce_id, invalid="请从列表中选择领导")
    pipeline_class = ChoiceField("项目分类", choices=PIPELINE_CLASS_CHOICES,
                                 invalid="请从列表中选择项目分类")
    owner_id = ChoiceField("负责人", coerce=coerce_id, invalid="请从列表中选择局干部")
    submit = SubmitField("受理")

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_id.choices = orgs if orgs is not None else org_choices()
        people_picker(self.leader_id, Role.leader)
        people_picker(self.owner_id, Role.staff)
