"""Column helpers shared by the model modules."""

import enum
from datetime import UTC, datetime

import sqlalchemy as sa


def utcnow() -> datetime:
    """Naive UTC: stored the same way on SQLite and PostgreSQL, shown in Asia/Shanghai."""
    return datetime.now(UTC).replace(tzinfo=None)


def enum_column(enum_cls: type[enum.Enum], **kwargs) -> sa.Enum:
    # Stored as the enum's value in a VARCHAR with a CHECK constraint: portable,
    # and the labels shown to users stay editable data (DictItem).
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
        name=kwargs.pop("name", enum_cls.__name__.lower()),
        **kwargs,
    )
