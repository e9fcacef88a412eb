"""The base form and the field helpers every area uses; messages are in Chinese."""

import re
import unicodedata

import sqlalchemy as sa
from flask import g, url_for
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.i18n import get_translations
from wtforms.validators import StopValidation, ValidationError

from crm import reference_data, settings
from crm.domain.money import MoneyError, parse_money, parse_usd_wan
from crm.extensions import db
from crm.localtime import today
from crm.models import DictKind, Org, Role, User


class Form(FlaskForm):
    """WTForms' own messages in Chinese, without Flask-Babel.

    ID_PREFIX: a page that shows several forms (the project page has seven) gives each its own
    element ids, so no label, aria-describedby or script reaches another form's field; the
    posted names stay the same."""

    ID_PREFIX = ""

    class Meta:
        def get_translations(self, form):
            return get_translations(["zh"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.ID_PREFIX:
            for field in self:
                field.id = field.label.field_id = f"{self.ID_PREFIX}{field.id}"


def clean(value):
    # NUL bytes are refused by PostgreSQL: drop them instead of failing with a 500.
    if isinstance(value, str):
        return value.replace("\x00", "").strip()
    return value


class ChoiceField(SelectField):
    """A select that answers an unknown or missing value with one Chinese message."""

    def __init__(self, label=None, validators=None, invalid="请从列表中选择", **kwargs):
        super().__init__(label, validators, invalid_value_message=invalid,
                         invalid_choice_message=invalid, **kwargs)
        self.type = "SelectField"  # _form.html styles selects by this name

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError as exc:
            raise StopValidation(exc.args[0]) from exc
        if self.process_errors:
            raise StopValidation()  # the message is already in self.errors


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class DayField(DateField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("日期无效，请按 2027-01-01 的格式输入实际存在的日期") from exc

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # validate_<field> would otherwise see None


def org_choices(blank: str = "（无）") -> list[SelectChoice]:
    rows = db.session.execute(
        sa.select(Org.id, Org.name).where(Org.active.is_(True))
        .order_by(Org.sort_order, Org.name)).all()
    return options([(0, blank), *[(row.id, row.name) for row in rows]])


class MoneyField(StringField):
    """An amount typed as officials write it (20亿, 5000万, plain numbers in the field's unit)."""

    def __init__(self, label=None, unit="万元", usd=False, **kwargs):
        super().__init__(label, filters=[clean], **kwargs)
        self.unit, self.usd, self.amount = unit, usd, None

    def process_data(self, value):
        # Loaded from the database (元 or US dollars): shown losslessly in the field's unit.
        self.amount = value
        self.data = _plain(value) if value is not None else ""

    def pre_validate(self, form):
        self.amount = None
        if not self.data:
            return
        try:
            self.amount = parse_usd_wan(self.data) if self.usd else parse_money(self.data,
                                                                                self.unit)
        except MoneyError as exc:
            raise StopValidation(str(exc)) from exc
        cap = settings.amount_cap()  # in 元; the same number bounds US dollars
        if self.amount > cap:
            self.amount = None
            raise StopValidation(f"金额超过上限{cap // 100_000_000}亿元，请核对单位（万元/亿元）"
                                 "是否填错；确需录入请联系管理员调整上限")


def _plain(amount: int) -> str:
    # 万 with as many decimals as needed: parse(_plain(x)) == x in a 万元/万美元 field.
    wan, rest = divmod(amount, 10_000)
    return str(wan) if rest == 0 else f"{wan}.{rest:04d}".rstrip("0")


class OptionalDayField(DayField):
    """A date that may be left blank (blank means unknown, not invalid)."""

    def process_formdata(self, valuelist):
        if valuelist and not "".join(valuelist).replace("\x00", "").strip():
            self.data = None
            return
        super().process_formdata(valuelist)


def no_nul(_form, field) -> None:
    # clean() drops NUL bytes so PostgreSQL never sees them; text that carried them was pasted
    # from something broken, so ask for it again rather than store what is left.
    if any("\x00" in value for value in field.raw_data or [] if isinstance(value, str)):
        raise StopValidation("内容包含无效字符，请删除后重新输入")


def not_future(field) -> None:
    if field.data and field.data > today():
        raise ValidationError("日期不能晚于今天")


def dict_choices(kind: DictKind, blank: str | None = "（无）", keep: set | None = None):
    """Active items of one dictionary, plus retired ones the record still uses (`keep`);
    `blank` is the empty choice's label (None: no empty choice)."""
    keep = {item for item in (keep or ()) if item}
    pairs = [(row.id, row.label) for row in reference_data.dictionary(kind)
             if row.active or row.id in keep]
    return options(([(0, blank)] if blank is not None else []) + pairs)


def active_users(*roles: Role) -> list[tuple[int, str]]:
    """(id, name) of the active users of these roles, by name. A page with several people
    pickers (the project page has four) reads the active users once per request."""
    active = g.get("active_users")
    if active is None:
        active = g.active_users = db.session.execute(
            sa.select(User.id, User.name, User.role).where(User.active.is_(True))
            .order_by(User.name, User.id)).all()
    return [(row.id, row.name) for row in active if row.role in roles]


# --- Type-ahead pickers (static/js/pickers.js, Tom Select) ---------------------------------
# A county has tens of thousands of companies and, at a city's scale, hundreds of staff: pages
# that listed all of them in every picker grew past 100 KB and were unusable on a phone. A
# picker now carries only its chosen options; the rest come from /search/options/<kind> as the
# user types (crm/search/options.py). The server still accepts only ids the same rule allows
# (active users of the field's roles, existing companies), so a crafted id is refused as before.

def chosen_ids(selected) -> set[int]:
    values = selected if isinstance(selected, list | tuple | set) else [selected]
    return {value for value in values if isinstance(value, int) and value > 0}


def chosen_users(selected, *roles: Role, blank: str | None = "（无）") -> list[SelectChoice]:
    """The options a people picker renders: the blank choice and the chosen users (active, of
    these roles). The active users are read once per request, however many pickers a page has."""
    ids = chosen_ids(selected)
    rows = [row for row in active_users(*roles) if row[0] in ids] if ids else []
    return options(([(0, blank)] if blank is not None else []) + rows)


def picker(kind: str, *roles: Role) -> dict[str, str]:
    """render_kw for a picker of "company" or "people" (of these roles): where its options
    come from."""
    params = {"role": ",".join(role.value for role in roles)} if roles else {}
    return {"data-picker": url_for(f"search.{kind}_options", **params)}


def commit_or_conflict(form, message: str, field=None) -> bool:
    """Commit a versioned record; if another save got there first, keep nothing and say so.

    The version column makes the UPDATE match no row when someone saved in between, and
    SQLAlchemy raises StaleDataError: the user's form is shown again with `message`, above
    the form or, given `field`, under that field. (The company form also answers a credit
    code taken in the same moment, so it keeps its own two-outcome commit.)
    """
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        (field.errors if field is not None else form.form_errors).append(message)
        return False
    return True


MAX_ID = 2**31 - 1          # the largest id an INTEGER column holds
MAX_BIGINT = 2**63 - 1
_INTEGER = re.compile(r"-?[0-9]{1,18}")  # 18 digits always fit a BIGINT


def parse_int(text, *, minimum: int | None = None, maximum: int = MAX_BIGINT) -> int | None:
    """The one integer parser for query strings and forms: an int, or None for anything else.

    Accepted: ASCII digits, and the full-width digits (and minus) a Chinese input method types
    in full-width mode, which NFKC turns into ASCII ("１２" -> 12); at most 18 digits, an
    optional leading minus, then `minimum` <= value <= `maximum`. Refused although NFKC would
    map them to digits: superscripts, circled and other compatibility forms ("²", "①": nobody
    types a quantity that way, and reading "①" as 1 would store a number nobody meant), and
    other scripts' digits ("٣"), which int() alone would silently accept.
    """
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        return None
    if isinstance(text, str):
        text = text.strip()
        if not text.isascii():
            if any(not c.isascii() and not unicodedata.decomposition(c).startswith("<wide>")
                   for c in text):
                return None
            text = unicodedata.normalize("NFKC", text)
        if not _INTEGER.fullmatch(text):
            return None
        text = int(text)
    if (minimum is not None and text < minimum) or text > maximum:
        return None
    return text


def query_int(value: str | None, digits: int = 9) -> int | None:
    """A whole number >= 0 of at most `digits` digits from a query-string argument, or None."""
    return parse_int(value, minimum=0, maximum=10**digits - 1)


def coerce_id(value) -> int:
    """`coerce=` for selects of ids (0 is the blank choice): ValueError for anything else,
    which WTForms turns into the field's "请从列表中选择…" message, never a 500."""
    number = parse_int(value, minimum=0, maximum=MAX_ID)
    if number is None:
        raise ValueError("请从列表中选择")
    return number


class WholeNumberField(IntegerField):
    """IntegerField through parse_int: "²", "٣" or 400 digits get one Chinese message instead
    of reaching NumberRange (which fails on ints too large for a float) or the database."""

    def __init__(self, label=None, validators=None, invalid_value_message="请输入有效的整数",
                 **kwargs):
        super().__init__(label, validators, invalid_value_message, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = parse_int(valuelist[0])
        if self.data is None:
            raise ValueError(self.invalid_value_message)

    def pre_validate(self, form):
        # A value that is there but no integer was answered once (NumberRange would only repeat
        # it); a blank one goes on to Optional or InputRequired, as with IntegerField.
        if self.process_errors and str(self.raw_data[0]).strip():
            raise StopValidation()
