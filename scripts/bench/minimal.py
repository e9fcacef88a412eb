"""The bench's ceiling: the least a Flask + Flask-SQLAlchemy page on this stack can cost.

usage: DATABASE_URL=... gunicorn -w 2 -b 127.0.0.1:PORT --chdir scripts/bench 'minimal:create_app()'

One page reads 50 rows of the CRM's `projects` table through the ORM (a small declarative model
mapped onto the existing table) and renders them with a Jinja template as an HTML table. It
shares nothing with the app but the database, the server and the libraries, so the app's pages
can be read as a share of it (run.py), whatever the machine.
"""

import os
from datetime import date

import sqlalchemy as sa
from flask import Flask, render_template
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()

# A loader, not render_template_string: the template is compiled once and cached per worker,
# as the app's templates are.
TEMPLATE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>项目（前50个）</title></head>
<body><table>
<thead><tr><th>编号</th><th>项目名称</th><th>阶段</th><th>总投资（元）</th><th>最近对接</th></tr></thead>
<tbody>
{% for project in projects %}<tr><td>{{ project.id }}</td><td>{{ project.name }}</td>
<td>{{ project.stage }}</td><td>{{ project.total_investment or "—" }}</td>
<td>{{ project.last_contact_at or "—" }}</td></tr>
{% endfor %}</tbody></table></body></html>
"""


class Project(db.Model):
    """A few columns of the app's table; the app's migrations own the schema."""

    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    stage: Mapped[str] = mapped_column(sa.String(20))
    total_investment: Mapped[int | None] = mapped_column(sa.BigInteger)
    last_contact_at: Mapped[date | None]


def _normalise(url: str) -> str:
    # The same spellings the app accepts (crm/config.py), so one DATABASE_URL serves both.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def create_app(url: str | None = None) -> Flask:
    """The minimal app on DATABASE_URL (or `url`, for run.py's in-process query count)."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise(url or os.environ["DATABASE_URL"])
    app.jinja_loader = DictLoader({"projects.html": TEMPLATE})
    db.init_app(app)

    @app.get("/")
    def projects():
        rows = db.session.scalars(sa.select(Project).order_by(Project.id).limit(50)).all()
        return render_template("projects.html", projects=rows)

    @app.get("/healthz")
    def healthz():  # what run.py waits on, as it does on the app's
        return "ok"

    return app
