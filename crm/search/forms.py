"""The search box: one GET field, cleaned and length-checked with a Chinese message."""

from wtforms import StringField
from wtforms.validators import Length

from crm.forms import Form, clean

MAX_LENGTH = 50


class SearchForm(Form):
    class Meta:
        csrf = False  # a GET form that changes nothing

    q = StringField("关键词", filters=[clean], validators=[
        Length(max=MAX_LENGTH, message=f"搜索词过长：请不超过 {MAX_LENGTH} 个字")])
