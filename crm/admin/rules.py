"""规则设置: the admin-editable numbers in crm.settings.RULES, one integer field each."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SubmitField
from wtforms.validators import InputRequired, NumberRange, StopValidation, ValidationError

from crm import settings
from crm.access import roles_required
from crm.admin.blueprint import bp
from crm.admin.forms import AdminForm
from crm.extensions import db
from crm.forms import WholeNumberField
from crm.models import AuditLog, Role


class RuleField(WholeNumberField):
    """One message for every way the number can be wrong: blank, not an integer, out of range."""

    def __init__(self, rule: settings.Rule, **kwargs):
        self.message = f"请输入{rule.minimum}到{rule.maximum}之间的整数"
        super().__init__(rule.label, validators=[
            InputRequired(self.message), NumberRange(rule.minimum, rule.maximum, self.message)],
            **kwargs)
        self.unit = rule.unit

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(self.message) from exc

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # already said once; the validators would say it again


class RulesForm(AdminForm):
    submit = SubmitField("保存")

    def validate_stale_leader_days(self, field):
        # The leader hears of a quiet project only after its owner has been reminded.
        stale = self.stale_days.data
        if field.data is not None and stale is not None and not self.stale_days.errors \
                and field.data <= stale:
            raise ValidationError(f"须大于负责人提醒天数（{stale}天）")

    def rule_fields(self):
        return [self[rule.name] for rule in settings.RULES]


# Fields follow RULES, so a rule added there appears here with no change to this module.
for _rule in settings.RULES:
    setattr(RulesForm, _rule.name, RuleField(_rule))


@bp.route("/reminder-rules", methods=["GET", "POST"], endpoint="rules")
@roles_required(Role.admin)
def rules_edit():
    current = settings.values()
    form = RulesForm(data=current)
    if form.validate_on_submit():
        for rule in settings.RULES:
            new = form[rule.name].data
            if new != current[rule.name]:
                settings.store(rule.name, new)
                # Settings are not an audited model: log the change by hand, field by field.
                db.session.add(AuditLog(user_id=current_user.id, entity="settings", entity_id=0,
                                        action="update", field=rule.name,
                                        old=str(current[rule.name]), new=str(new)))
        db.session.commit()
        flash("规则设置已保存", "success")
        return redirect(url_for("admin.rules"))
    status = 422 if form.errors else 200
    defaults = {rule.name: rule.default for rule in settings.RULES}
    return render_template("admin/rules.html", form=form, defaults=defaults), status
