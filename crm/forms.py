"""The base form and the field helpers every area uses; messages are in Chinese."""

import re
import unicodedata

import sqlalchemy as sa
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from wtforms import DateField, IntegerField, SelectChoice, SelectField
from wtforms.i18n import get_translations
from wtforms.validators import StopValidation, ValidationError

from crm.extensions import db
from crm.models import Org


class Form(FlaskForm):
    """WTForms' own messages in Chinese, without Flask-Babel."""

    class Meta:
        def get_translations(self, form):
            return get_translations(["zh"])


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
