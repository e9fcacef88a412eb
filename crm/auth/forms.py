from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from crm.forms import Form


def _without_nul(value):
    # PostgreSQL refuses NUL in text: drop it rather than answer a look-up with a 500.
    return value.replace("\x00", "") if isinstance(value, str) else value


class LoginForm(Form):
    email = EmailField("邮箱", filters=[_without_nul], validators=[
        DataRequired("请输入邮箱"), Length(max=254, message="邮箱不能超过254个字符")])
    password = PasswordField("密码", validators=[
        DataRequired("请输入密码"), Length(max=128, message="密码不能超过128个字符")])
    submit = SubmitField("登录")


class ChangePasswordForm(Form):
    current = PasswordField("当前密码", validators=[DataRequired("请输入当前密码")])
    new = PasswordField("新密码", validators=[DataRequired("请输入新密码")])
    confirm = PasswordField(
        "再次输入新密码",
        validators=[DataRequired("请再次输入新密码"), EqualTo("new", "两次输入的新密码不一致")],
    )
    submit = SubmitField("修改密码")
