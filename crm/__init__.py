"""招商 CRM: the web CRM of a county investment-promotion bureau."""

from pathlib import Path

from flask import Flask

from crm import config

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _asset_folder(name: str) -> str:
    # A checkout keeps templates/ and static/ at the top level; the wheel
    # carries them inside the package (see pyproject.toml).
    top = _CHECKOUT / name
    return str(top if top.is_dir() else _PACKAGE / name)


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        # A checkout keeps its instance/ folder at the top level, as the design card says.
        instance_path=str(_CHECKOUT / "instance") if (_CHECKOUT / "pyproject.toml").exists()
        else None,
        instance_relative_config=True,
        template_folder=_asset_folder("templates"),
        static_folder=_asset_folder("static"),
    )
    config.load(app, test_config)

    from crm import (
        access,
        activities,
        admin,
        agreements,
        audit,
        auth,
        cli,
        companies,
        dashboard,
        derived,
        extensions,
        followups,
        imports,
        intake,
        main,
        projects,
        reference_data,
        reminders,
        reports,
        search,
        security,
        web,
    )
    from crm.auth import sessions

    extensions.init_app(app)
    # Flush hooks: what every write keeps in step, whichever route makes it.
    access.init_app(app)       # the per-request list of a user's confidential projects
    audit.init_app(app)        # the field-level audit log
    reference_data.init_app(app)  # dictionaries read once per request
    derived.init_app(app)      # normalised names and pinyin initials
    search.init_app(app)       # the search index (and `flask reindex-search`)
    sessions.init_app(app)     # a disabled account's sessions end with it
    security.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    for area in (auth, main, admin, activities, companies, projects, followups, agreements,
                 search, intake, reminders, dashboard, reports, imports):
        app.register_blueprint(area.bp)
    return app
