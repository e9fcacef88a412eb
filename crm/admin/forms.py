"""Admin forms. Each field check lives in a validate_<field> method with a Chinese message."""

import re
import unicodedata
from datetime import date, datetime

import sqlalchemy as sa
from wtforms import (
    BooleanField,
    EmailField,
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
from wtforms.widgets import HiddenInput

from crm.extensions import db
from crm.forms import (
    ChoiceField,
    DayField,
    Form,
    WholeNumberField,
    clean,
    coerce_id,
    options,
    org_choices,
)
from crm.models import DictItem, DictKind, Holiday, Org, OrgKind, Role, User

CONFLICT = "该用户已被他人修改，请刷新后重试"
HOLIDAY_YEARS = range(2000, 2101)
WORKDAY_CHOICES = [("0", "放假"), ("1", "调休上班")]
SORT_RANGE = NumberRange(-9999, 9999, message="排序号应为 -9999 到 9999 之间的整数")


class AdminForm(Form):
    """Admin forms share the project's Chinese-message base form."""


class _UserFields(AdminForm):
    name = StringField("姓名", filters=[clean], validators=[
        DataRequired("请输入姓名"), Length(max=50, message="姓名不能超过50个字")])
    phone = StringField("电话", filters=[clean], validators=[
        Length(max=30, message="电话不能超过30个字符"),
        Regexp(r"^[0-9+\-() ]*$", message="电话只能包含数字、空格和 + - ( )")])
    role = ChoiceField("角色", choices=options((r.value, r.label) for r in Role),
                       default=Role.staff.value, invalid="请选择角色")
    org_id = ChoiceField("所属单位", coerce=coerce_id, invalid="请从列表中选择单位")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_id.choices = org_choices()

    def validate_org_id(self, field):
        if self.role.data == Role.liaison.value and not field.data:
            raise ValidationError("单位联络员必须选择所属单位")


class UserCreateForm(_UserFields):
    email = EmailField("邮箱", filters=[clean, lambda v: v.lower() if v else v], validators=[
        DataRequired("请输入邮箱"), Length(max=254, message="邮箱过长"),
        Email("邮箱格式不正确")])
    submit = SubmitField("创建用户")

    def validate_email(self, field):
        if db.session.scalar(sa.select(User.id).where(User.email == field.data)):
            raise ValidationError("该邮箱已被其他用户使用")


class UserEditForm(_UserFields):
    version = WholeNumberField(widget=HiddenInput(), validators=[InputRequired(CONFLICT)])
    submit = SubmitField("保存")


class OrgForm(AdminForm):
    name = StringField("单位名称", filters=[clean], validators=[
        DataRequired("请输入单位名称"), Length(max=100, message="单位名称不能超过100个字")])
    kind = ChoiceField("类别", choices=options((k.value, k.label) for k in OrgKind),
                       invalid="请选择单位类别")
    sort_order = WholeNumberField("排序号", default=0, validators=[Optional(), SORT_RANGE])
    active = BooleanField("在用", default=True)
    submit = SubmitField("保存")

    def __init__(self, *args, org_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_id = org_id

    def validate_name(self, field):
        query = sa.select(Org.id).where(Org.name == field.data)
        if self.org_id is not None:
            query = query.where(Org.id != self.org_id)
        if db.session.scalar(query):
            raise ValidationError("已有同名单位")


class DictItemForm(AdminForm):
    """Add or rename a dictionary item; code is only read when adding."""

    label = StringField("名称", filters=[clean], validators=[
        DataRequired("名称不能为空"), Length(max=50, message="名称不能超过50个字")])
    code = StringField("代码（可留空，自动生成）", filters=[clean], validators=[
        Length(max=40, message="代码不能超过40个字符"),
        Regexp(r"^[a-z0-9_]*$", message="代码只能由小写英文字母、数字和下划线组成")])
    sort_order = WholeNumberField("排序号", validators=[Optional(), SORT_RANGE])
    submit = SubmitField("保存")

    def __init__(self, *args, kind: DictKind, item_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.item_id = kind, item_id

    def validate_label(self, field):
        query = sa.select(DictItem.id).where(DictItem.kind == self.kind,
                                             DictItem.label == field.data)
        if self.item_id is not None:
            query = query.where(DictItem.id != self.item_id)
        if db.session.scalar(query):
            raise ValidationError(f"「{self.kind.label}」中已有同名条目")

    def validate_code(self, field):
        if self.item_id is None and field.data and db.session.scalar(
                sa.select(DictItem.id).where(DictItem.kind == self.kind,
                                             DictItem.code == field.data)):
            raise ValidationError("该代码已被使用")


def _check_year(day: date) -> None:
    if day.year not in HOLIDAY_YEARS:
        raise ValidationError(f"年份应在 {HOLIDAY_YEARS.start}–{HOLIDAY_YEARS.stop - 1} 之间")


class HolidayForm(AdminForm):
    day = DayField("日期", validators=[InputRequired("请输入日期")])
    is_workday = ChoiceField("类型", choices=options(WORKDAY_CHOICES), default="0",
                             invalid="请选择“放假”或“调休上班”")
    name = StringField("节日名称", filters=[clean], validators=[
        Length(max=30, message="名称不能超过30个字")])
    submit = SubmitField("保存")

    def validate_day(self, field):
        _check_year(field.data)
        if db.session.get(Holiday, field.data) is not None:
            raise ValidationError(f"{field.data.isoformat()} 已有记录，请修改原记录")


class HolidayEditForm(HolidayForm):
    day = None  # the date is the record's key: delete and re-enter to move it


# "2027-01-01 放假 元旦" / "2027-02-07 上班 春节调休"
_KINDS = {"放假": False, "休": False, "休息": False, "上班": True, "班": True, "调休上班": True}
MAX_BULK_LINES = 400


def parse_holiday_lines(text: str) -> tuple[list[tuple[int, date, bool, str]], list[str]]:
    """Parse the bulk form: (line number, date, is_workday, name) entries, and Chinese errors."""
    entries, errors, seen = [], [], {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFKC", raw).replace("\x00", "").strip()
        if not line:
            continue
        parts = line.split(maxsplit=2)
        if len(parts) < 2:
            errors.append(f"第{number}行：格式应为“日期 放假/上班 名称”，如 2027-01-01 放假 元旦")
            continue
        day = _parse_day(parts[0])
        if day is None:
            errors.append(f"第{number}行：日期“{parts[0]}”无效，应为实际存在的日期，如 2027-01-01")
            continue
        if parts[1] not in _KINDS:
            errors.append(f"第{number}行：类型“{parts[1]}”无效，应为“放假”或“上班”")
            continue
        name = parts[2].strip() if len(parts) > 2 else ""
        if len(name) > 30:
            errors.append(f"第{number}行：名称不能超过30个字")
        elif day.year not in HOLIDAY_YEARS:
            errors.append(f"第{number}行：年份应在 {HOLIDAY_YEARS.start}–"
                          f"{HOLIDAY_YEARS.stop - 1} 之间")
        elif day in seen:
            errors.append(f"第{number}行：{day.isoformat()} 与第{seen[day]}行重复")
        else:
            seen[day] = number
            entries.append((number, day, _KINDS[parts[1]], name))
    return entries, errors


def _parse_day(text: str) -> date | None:
    if not re.fullmatch(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}", text):
        return None
    try:
        return datetime.strptime(re.sub(r"[/.]", "-", text), "%Y-%m-%d").date()
    except ValueError:
        return None


class HolidayBulkForm(AdminForm):
    lines = TextAreaField("每行一条", validators=[
        DataRequired("请至少输入一行"), Length(max=20000, message="内容过长，请分批录入")])
    submit = SubmitField("全部录入")

    def validate_lines(self, field):
        if len(field.data.splitlines()) > MAX_BULK_LINES:
            raise ValidationError(f"一次最多录入{MAX_BULK_LINES}行，请分批录入")
        entries, errors = parse_holiday_lines(field.data)
        if not errors and not entries:
            errors.append("没有可录入的内容")
        days = [day for _n, day, _w, _name in entries]
        existing = set(db.session.scalars(sa.select(Holiday.day).where(Holiday.day.in_(days))))
        errors += [f"第{number}行：{day.isoformat()} 已有记录，请先修改或删除原记录"
                   for number, day, _w, _name in entries if day in existing]
        if errors:
            errors.sort(key=_line_number)
            field.errors.extend(errors)
            raise StopValidation()
        self.entries = entries


def _line_number(message: str) -> int:
    match = re.match(r"第(\d+)行", message)
    return int(match.group(1)) if match else 0


class HandoverForm(AdminForm):
    from_user = ChoiceField("移出人", coerce=coerce_id, invalid="请选择移出人")
    to_user = ChoiceField("接收人", coerce=coerce_id, invalid="请选择在用的局干部、领导或管理员")
    submit = SubmitField("移交项目")

    def validate_from_user(self, field):
        if not field.data:
            raise ValidationError("请选择移出人")

    def validate_to_user(self, field):
        if not field.data:
            raise ValidationError("请选择接收人")
        if field.data == self.from_user.data:
            raise ValidationError("移出人和接收人不能是同一人")


def commit_or_error(field, message: str) -> bool:
    """Commit; if a unique constraint lost a race with another admin, report it on the field."""
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        field.errors.append(message)
        return False
    return True
