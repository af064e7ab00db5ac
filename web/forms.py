"""GOV.UK form rendering: it lives in familyhub.forms (kernel-level, so that the access kernel's
sign-in forms need no domain app); the names are re-exported here for the apps' forms."""

from familyhub.forms import (
    GovukDateField,
    GovukDateInput,
    GovukForm,
    GovukFormMixin,
    GovukFormRenderer,
    GovukModelForm,
)

__all__ = [
    "GovukDateField",
    "GovukDateInput",
    "GovukForm",
    "GovukFormMixin",
    "GovukFormRenderer",
    "GovukModelForm",
]
