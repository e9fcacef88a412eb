"""Company, contact and merge forms; every field check answers in Chinese on the field."""

import sqlalchemy as sa
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from crm.domain.uscc import check_uscc
from crm.extensions import db
from crm.forms import (
    MAX_ID,
    ChoiceField,
    Form,
    WholeNumberField,
    clean,
    coerce_id,
    dict_choices,
    parse_int,
)
from crm.models import Company, DictItem, DictKind

CONFLICT = "该记录已被他人修改，您的修改未保存。请核对下方的当前内容后重新修改。"
# The 500-strong rankings are yearly lists: their flags carry the list's year.
RANKING_CODES = {"fortune_global", "china_500", "private_500"}


def upper(value):
    return value.upper() if isinstance(value, str) else value


def is_ranking(item: DictItem) -> bool:
    return item.code in RANKING_CODES or "500" in item.label


class FlagsField(SelectMultipleField):
    """Checkboxes of company flags; anything not on the list gets one Chinese message."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, coerce=coerce_id,
                         invalid_value_message="请从列表中选择标签",
                         invalid_choice_message="请从列表中选择标签", **kwargs)

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError as exc:
            raise StopValidation(exc.args[0]) from exc


class CompanyForm(Form):
    name = StringField("企业名称", filters=[clean], validators=[
        DataRequired("请输入企业名称"), Length(max=200, message="企业名称不能超过200个字")])
    uscc = StringField("统一社会信用代码", filters=[clean])
    uscc_override_reason = StringField("校验失败原因", filters=[clean], validators=[
        Length(max=200, message="原因不能超过200个字")])
    nature_id = ChoiceField("企业性质", coerce=coerce_id, invalid="请从列表中选择企业性质")
    cluster_id = ChoiceField("产业集群", coerce=coerce_id, invalid="请从列表中选择产业集群")
    industry_code = StringField("行业代码（GB/T 4754）", filters=[clean, upper], validators=[
        Length(max=5, message="行业代码不能超过5个字符"),
        Regexp(r"^([A-T]\d{0,4})?$", message="行业代码应为门类字母加最多4位数字，如 C26")])
    origin = StringField("来源地", filters=[clean], validators=[
        Length(max=50, message="来源地不能超过50个字")])
    parent_group = StringField("所属集团", filters=[clean], validators=[
        Length(max=200, message="所属集团不能超过200个字")])
    website = StringField("网站", filters=[clean], validators=[
        Length(max=200, message="网址不能超过200个字符"),
        Regexp(r"^(https?://[^\s<>\"]+)?$", message="网址应以 http:// 或 https:// 开头")])
    flags = FlagsField("企业标签")
    list_year = WholeNumberField("500强榜单年份", validators=[
        Optional(), NumberRange(1990, 2100, message="榜单年份应在1990–2100之间")])
    note = TextAreaField("备注", filters=[clean], validators=[
        Length(max=2000, message="备注不能超过2000个字")])
    confirm_duplicate = BooleanField("仍然保存")
    version = WholeNumberField(widget=HiddenInput(), validators=[Optional()])
    submit = SubmitField("保存")

    def __init__(self, *args, company=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        self.uscc_check = None
        keep_nature = {company.nature_id} if company else set()
        keep_cluster = {company.cluster_id} if company else set()
        self.nature_id.choices = dict_choices(DictKind.nature, keep=keep_nature)
        self.cluster_id.choices = dict_choices(DictKind.cluster, keep=keep_cluster)
        used = {flag.flag_id for flag in company.flags} if company else set()
        self.flags.choices = dict_choices(DictKind.company_flag, blank=None, keep=used)
        if company is not None:
            self.version.validators = [InputRequired(CONFLICT)]

    def validate_uscc(self, field):
        if len(field.data or "") > 40:
            raise ValidationError("统一社会信用代码应为18位，请检查")
        result = check_uscc(field.data or "", self.uscc_override_reason.data or "")
        self.uscc_check = result
        if result.code:
            field.data = result.code
        if result.checksum_failed and not result.ok:
            raise ValidationError("校验位不符（GB 32100-2015），请核对；确认无误的早期试点代码"
                                  "请在“校验失败原因”中填写原因后保存")
        if not result.ok:
            raise ValidationError(result.message)

    def validate_list_year(self, field):
        if field.data and not self.ranking_flags():
            raise ValidationError("只有选择了500强类标签时才填写榜单年份")

    def ranking_flags(self) -> set[int]:
        items = db.session.scalars(sa.select(DictItem).where(
            DictItem.id.in_(self.flags.data or []))).all()
        return {item.id for item in items if is_ranking(item)}


class ContactForm(Form):
    name = StringField("姓名", filters=[clean], validators=[
        DataRequired("请输入姓名"), Length(max=50, message="姓名不能超过50个字")])
    title = StringField("职务", filters=[clean], validators=[
        Length(max=100, message="职务不能超过100个字")])
    phone = StringField("电话", filters=[clean], validators=[
        Length(max=30, message="电话不能超过30个字符"),
        Regexp(r"^[0-9+\-() ]*$", message="电话只能包含数字、空格和 + - ( )")])
    email = EmailField("邮箱", filters=[clean], validators=[
        Optional(), Length(max=254, message="邮箱过长"), Email("邮箱格式不正确")])
    wechat = StringField("微信", filters=[clean], validators=[
        Length(max=50, message="微信号不能超过50个字符")])
    note = TextAreaField("备注", filters=[clean], validators=[
        Length(max=1000, message="备注不能超过1000个字")])
    version = WholeNumberField(widget=HiddenInput(), validators=[Optional()])
    submit = SubmitField("保存")

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.version.validators = [InputRequired(CONFLICT)]


class MergeForm(Form):
    merge_id = SelectField("要并入本企业的重复企业", validate_choice=False, coerce=str)
    submit = SubmitField("合并")

    def __init__(self, *args, keep_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep_id = keep_id
        self.target = None

    def validate_merge_id(self, field):
        value = parse_int((field.data or "").replace("\x00", ""), minimum=1, maximum=MAX_ID)
        if value is None:
            raise ValidationError("请选择要并入的重复企业")
        if value == self.keep_id:
            raise ValidationError("不能把企业合并到它自己")
        self.target = db.session.get(Company, value)
        if self.target is None:
            raise ValidationError("所选企业不存在，可能已被合并或删除，请重新搜索")
