"""The base form and the field helpers every area uses; messages are in Chinese."""

import sqlalchemy as sa
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from wtforms import DateField, SelectChoice, SelectField
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


def commit_or_conflict(form, message: str) -> bool:
    """Commit a versioned record; if another save got there first, keep nothing and say so.

    The version column makes the UPDATE match no row when someone saved in between, and
    SQLAlchemy raises StaleDataError: the user's form is shown again with `message`.
    """
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        form.form_errors.append(message)
        return False
    return True


def query_int(value: str | None, digits: int = 9) -> int | None:
    """A whole number from a query-string argument, or None: ASCII digits only, since
    str.isdigit() also accepts "²", which int() refuses (a 500 on a crafted URL)."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= digits else None
