"""What the audit log calls each audited table and column (read by crm/audit_view.py)."""

from crm.models import (
    Agreement,
    Company,
    Contact,
    DictItem,
    FollowUp,
    FundArrival,
    Holiday,
    Org,
    Project,
    ProjectInvestor,
    ProjectMember,
    User,
)

# One table per audited model (crm.audit.AUDITED), keyed by column; a test fails when an
# audited column has none.
_VOID = {"voided_at": "作废时间", "voided_by_id": "作废人", "void_reason": "作废原因"}
LABELS: dict[type, dict[str, str]] = {
    Project: {
        "name": "项目名称", "description": "项目简介", "confidential": "保密项目",
        "code_name": "代号", "channel_id": "招商渠道", "activity_id": "来源活动",
        "cluster_id": "产业集群", "key_level_id": "重点项目级别", "stage": "阶段",
        "stage_date": "阶段日期", "status": "状态", "status_reason": "状态原因",
        "status_date": "状态日期", "screening": "研判结果", "screening_reason": "研判说明",
        "duplicate_of_id": "重复于", "pipeline_class": "项目分类", "total_investment": "总投资",
        "fixed_asset_investment": "固定资产投资", "foreign_investment_usd": "利用外资",
        "expected_annual_output": "预计年产值", "expected_annual_tax": "预计年税收",
        "jobs": "预计就业", "land_mu": "用地", "leader_id": "包联领导", "org_id": "责任单位",
        "owner_id": "负责人", "first_contact_by_id": "首谈人", "first_contact_note": "首谈说明",
        "reported_by_id": "报送人", "signed_on": "签约日期", "signed_activity_id": "签约活动",
        "agreed_start_on": "约定开工日期", "registered_on": "注册（落地）日期",
        "started_on": "开工日期", "producing_on": "投产日期", "operating_on": "达效日期",
        "last_contact_at": "最近对接", "next_followup_at": "下次跟进",
        "last_progress_at": "最近进展", "created_by_id": "录入人",
    },
    ProjectInvestor: {"project_id": "项目", "company_id": "投资方企业", "is_lead": "主投资方"},
    ProjectMember: {"project_id": "项目", "user_id": "成员", "added_by_id": "添加人",
                    "added_at": "添加时间"},
    Company: {
        "name": "企业名称", "uscc": "统一社会信用代码", "uscc_override_reason": "校验失败原因",
        "nature_id": "企业性质", "cluster_id": "产业集群", "industry_code": "行业代码",
        "origin": "来源地", "parent_group": "所属集团", "listed": "上市企业", "website": "网站",
        "note": "备注",
    },
    Contact: {"company_id": "所属企业", "name": "姓名", "title": "职务", "phone": "电话",
              "email": "邮箱", "wechat": "微信", "note": "备注"},
    Agreement: {
        "project_id": "项目", "kind": "协议类型", "title": "协议名称", "signed_on": "签约日期",
        "amount": "协议金额", "agreed_start_date": "约定开工日期", "activity_id": "签约活动",
        "attachment_path": "附件存储位置", "attachment_name": "附件",
        "attachment_mime": "附件类型", "attachment_size": "附件大小", "note": "备注",
        "created_by_id": "录入人", **_VOID,
    },
    FollowUp: {
        "project_id": "项目", "author_id": "记录人", "kind_id": "对接方式",
        "contact_date": "对接日期", "summary": "对接内容", "next_step": "下一步",
        "next_due_date": "下次跟进日期", "other_participants": "其他参与人",
    },
    FundArrival: {"project_id": "项目", "arrived_on": "到位日期", "amount": "到位金额",
                  "source": "资金来源", "note": "备注", "created_by_id": "录入人", **_VOID},
    User: {"email": "邮箱", "name": "姓名", "phone": "电话", "role": "角色", "org_id": "所在单位",
           "active": "启用", "password_hash": "密码", "must_change_password": "须修改密码",
           "password_changed_at": "密码修改时间"},
    Org: {"name": "单位名称", "kind": "单位类型", "active": "启用", "sort_order": "排序"},
    DictItem: {"kind": "字典", "code": "代码", "label": "名称", "sort_order": "排序",
               "active": "启用"},
    Holiday: {"day": "日期", "is_workday": "调休上班", "name": "名称", "source": "来源"},
}
MODELS = {model.__tablename__: model for model in LABELS}
ENTITY_LABELS = {
    "projects": "项目", "project_investors": "投资方", "project_members": "团队成员",
    "companies": "企业", "contacts": "联系人", "agreements": "协议", "followups": "对接记录",
    "fund_arrivals": "到位资金", "users": "用户", "orgs": "单位", "dict_items": "字典项",
    "holidays": "节假日", "settings": "规则设置",
}
