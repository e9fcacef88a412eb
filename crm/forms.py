"""The base form every area uses: WTForms' own messages in Chinese, without Flask-Babel."""

from flask_wtf import FlaskForm
from wtforms.i18n import get_translations


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return get_translations(["zh"])
