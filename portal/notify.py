"""GOV.UK Notify, through its own client library (notifications-python-client), to send a
family member their code by text message as well as on the letter. Off by default: it is
used only when FAMILYHUB["NOTIFY"] has ENABLED true, an API key and a template id, and the
library is installed (it is in the lock file). BASE_URL points it elsewhere than Notify's own
API (the tests run it against a local server that checks what Notify would be sent).

The template receives `sign_in_name` and `code` as personalisation."""

from __future__ import annotations

import logging

from django.conf import settings

log = logging.getLogger(__name__)
NOTIFY_API = "https://api.notifications.service.gov.uk"


def _config() -> dict:
    return dict(settings.FAMILYHUB.get("NOTIFY") or {})


def enabled() -> bool:
    config = _config()
    return bool(config.get("ENABLED") and config.get("API_KEY") and config.get("SMS_TEMPLATE_ID"))


def send_code(mobile: str, sign_in_name: str, code: str) -> str:
    """Send the code by text message; returns Notify's reference ("" when not sent)."""
    if not enabled():
        return ""
    try:
        from notifications_python_client.notifications import NotificationsAPIClient
    except ImportError:
        log.warning("GOV.UK Notify is enabled but notifications-python-client is not installed")
        return ""
    config = _config()
    base_url = config.get("BASE_URL") or NOTIFY_API
    client = NotificationsAPIClient(config["API_KEY"], base_url=base_url)
    response = client.send_sms_notification(
        phone_number=mobile,
        template_id=config["SMS_TEMPLATE_ID"],
        personalisation={"sign_in_name": sign_in_name, "code": code},
    )
    return str(response.get("id", ""))
