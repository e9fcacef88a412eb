"""Plain domain rules (money, credit codes, stages, working days) with no Flask or SQLAlchemy."""
