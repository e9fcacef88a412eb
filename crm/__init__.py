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

    from crm import (  # noqa: F401  (imported for their flush hooks)
        activities,
        admin,
        agreements,
        audit,
        auth,
        cli,
        companies,
        derived,
        extensions,
        followups,
        intake,
        main,
        projects,
        reminders,
        search,
        security,
        web,
    )

    extensions.init_app(app)
    security.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(main.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(activities.bp)
    app.register_blueprint(companies.bp)
    app.register_blueprint(projects.bp)
    app.register_blueprint(followups.bp)
    app.register_blueprint(agreements.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(intake.bp)
    app.register_blueprint(reminders.bp)
    return app
