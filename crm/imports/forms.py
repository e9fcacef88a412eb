"""The upload form and the per-column mapping form (built for the sheet's columns)."""

from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import SubmitField
from wtforms.validators import ValidationError

from crm.forms import ChoiceField, Form, options
from crm.imports.ledger import FIELDS, IGNORE, MONEY_UNITS


class UploadForm(Form):
    file = FileField("台账文件（.xlsx 或 .csv，10MB、10万行以内）")
    submit = SubmitField("上传并识别表头")

    def validate_file(self, field):
        if not isinstance(field.data, FileStorage) or not field.data.filename:
            raise ValidationError("请选择要导入的文件")


class ConfirmForm(Form):
    submit = SubmitField("确认导入")


class RevertForm(Form):
    submit = SubmitField("撤销本批导入")


FIELD_CHOICES = [(IGNORE, "（不导入）"), *((key, label) for key, (label, _k, _w) in FIELDS.items())]


def mapping_form(headers: list[str], sheets: list[str], formdata=None, data=None):
    """A form with a sheet choice and, per column, its field and (for amounts) its unit."""

    class MappingForm(Form):
        sheet = ChoiceField("工作表", choices=options((s, s) for s in sheets),
                            invalid="请从列表中选择工作表")
        submit = SubmitField("保存对应关系并预览")

        def validate(self, extra_validators=None):
            valid = super().validate(extra_validators)
            chosen = {}
            for index in range(len(headers)):
                key = self[f"col_{index}"].data
                if key and key in chosen:
                    self[f"col_{index}"].errors.append(
                        f"与第{chosen[key] + 1}列重复：每个字段只能对应一列")
                    valid = False
                chosen.setdefault(key, index)
            if "project_name" not in chosen:
                self.form_errors.append("请指定“项目名称”对应的列")
                valid = False
            return valid

    for index, header in enumerate(headers):
        setattr(MappingForm, f"col_{index}", ChoiceField(
            header or f"第{index + 1}列", choices=options(FIELD_CHOICES),
            invalid="请从列表中选择字段"))
        setattr(MappingForm, f"unit_{index}", ChoiceField(
            "单位", choices=options((u, u.removesuffix("元") or u) for u in ("", *MONEY_UNITS)),
            invalid="请从列表中选择单位"))
    return MappingForm(formdata=formdata, data=data)


