"""All models, split by area; importing this package registers every table."""

from crm.models._base import utcnow
from crm.models.audit import AuditLog
from crm.models.companies import (
    Company,
    CompanyFlag,
    CompanyFormerName,
    CompanyTally,
    Contact,
)
from crm.models.imports import ImportBatch, ImportMapping, ImportRow
from crm.models.intake import IntakeSubmission, RateLimitHit
from crm.models.people import LoginAttempt, Org, OrgKind, Role, User, UserSession
from crm.models.projects import (
    Comment,
    Project,
    ProjectInvestor,
    ProjectMember,
    ProjectTally,
    StageChange,
    StatusChange,
)
from crm.models.reference import DictItem, DictKind, Holiday, Setting, Target, TargetMetric
from crm.models.reminders import (
    MailAttempt,
    MailStatus,
    OutboxMessage,
    Reminder,
    ReminderKind,
    ReminderPreference,
)
from crm.models.reports import ExportRecord
from crm.models.search import SearchEntry
from crm.models.work import Activity, Agreement, FollowUp, FundArrival

__all__ = [
    "Activity", "Agreement", "AuditLog", "Comment", "Company", "CompanyFlag", "CompanyFormerName",
    "CompanyTally", "ExportRecord", "ImportBatch", "ImportMapping", "ImportRow",
    "Contact", "DictItem", "DictKind", "FollowUp", "FundArrival", "Holiday", "IntakeSubmission",
    "LoginAttempt", "MailAttempt", "MailStatus", "Org", "OrgKind", "OutboxMessage", "Project",
    "ProjectInvestor", "ProjectMember", "ProjectTally", "RateLimitHit", "Reminder", "ReminderKind",
    "ReminderPreference", "Role", "SearchEntry", "Setting", "StageChange", "StatusChange",
    "Target", "TargetMetric", "User", "UserSession", "utcnow",
]
