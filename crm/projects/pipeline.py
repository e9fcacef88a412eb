"""Which projects are in the pipeline: leads still waiting in (or refused by) screening are not
yet (DESIGN.md). The same rule is written in SQL in the project_tallies triggers (migration
b7e1c2d4a9f0); tests/projects/test_tallies.py checks that the two agree."""

import sqlalchemy as sa

from crm.domain.stages import Screening
from crm.models import Project

OUT_OF_PIPELINE = (Screening.pending, Screening.rejected, Screening.duplicate)


def in_pipeline():
    return sa.or_(Project.screening.is_(None), Project.screening.not_in(OUT_OF_PIPELINE))
