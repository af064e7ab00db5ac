"""What a partner system may ask for: the scopes an administrator gives an API client."""

from __future__ import annotations

from django.db import models


class Scope(models.TextChoices):
    CONCERNS_WRITE = "concerns:write", "Send concerns about families (concerns:write)"
    OUTCOMES_READ = "outcomes:read", "Read the status and outcome of its concerns (outcomes:read)"
    NOTIFICATIONS_WRITE = (
        "notifications:write",
        "Send notifications: Operation Encompass, attendance, missed health appointments "
        "(notifications:write)",
    )
    DIRECTORY_READ = (
        "directory:read",
        "Read who to contact: the lead practitioner, cover and out of hours for families its "
        "organisation works with (directory:read)",
    )
    ATTENDANCE_WRITE = "attendance:write", "Record attendance at hub sessions (attendance:write)"
    CUSTODIAN_FIND = "custodian:find", "Find a Record: which records are held (custodian:find)"
    CUSTODIAN_FETCH = "custodian:fetch", "Fetch a Record: a record's content (custodian:fetch)"
